import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HubClient, withQuery } from './hub-client';
import { HubError } from './hub-error';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A stand-in hub on 127.0.0.1 answering as `handle` says, recording each request. */
async function stubHub(handle: Handler): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'} ${body}`);
      handle(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

describe('HubClient', () => {
  it('names the scope a key lacks, with the command that makes one', async () => {
    const hub = await stubHub((_req, _b, res) =>
      json(res, 403, {
        error: {
          code: 'SMSFLEET_ERR_FORBIDDEN',
          message: 'lacks `send`',
          details: { scope: 'send', keyScopes: ['read'] },
        },
      }),
    );
    try {
      const e = (await new HubClient({ url: hub.url, apiKey: 'sf_live_k' })
        .account(['read', 'send'])
        .catch((x) => x)) as HubError;
      expect(hub.seen).toEqual(['GET /v1/account?require=read%2Csend Bearer sf_live_k ']);
      expect([e.status, e.code, e.scope]).toEqual([403, 'SMSFLEET_ERR_FORBIDDEN', 'send']);
      expect(e.missingScopeHelp(['send', 'read'])).toBe(
        'This key lacks the `send` scope; create one with `smsfleet keys create --name <name> --scopes send,read` ' +
          "(or ask your hub's admin).",
      );
      expect(
        HubError.fromAnswer(401, { error: { code: 'SMSFLEET_ERR_UNAUTHORIZED' } }).missingScopeHelp(),
      ).toBeUndefined();
    } finally {
      await hub.close();
    }
  });

  it('sends the key and JSON body, and returns the status and body', async () => {
    const hub = await stubHub((_req, _b, res) => json(res, 202, { id: 'msg_1', status: 'queued' }));
    try {
      const c = new HubClient({ url: hub.url, apiKey: 'sf_live_k' });
      const r = await c.send({ to: '+14155550123', body: 'Hi' }, 'key-1');
      expect(r).toEqual({ status: 202, body: { id: 'msg_1', status: 'queued' } });
      expect(hub.seen).toEqual(['POST /v1/messages Bearer sf_live_k {"to":"+14155550123","body":"Hi"}']);
    } finally {
      await hub.close();
    }
  });

  it("throws a HubError with the hub's code, message, fields and status", async () => {
    const hub = await stubHub((_req, _b, res) =>
      json(res, 400, {
        error: {
          code: 'SMSFLEET_ERR_VALIDATION',
          message: 'Invalid request',
          issues: [
            { field: 'body.to', reason: 'is too short' },
            { field: 'body.body', reason: 'is empty' },
          ],
        },
      }),
    );
    try {
      const e = (await new HubClient({ url: hub.url }).call('POST', '/v1/messages', {}).catch((x) => x)) as HubError;
      expect(e).toBeInstanceOf(HubError);
      expect(e).toMatchObject({
        status: 400,
        code: 'SMSFLEET_ERR_VALIDATION',
        hubMessage: 'Invalid request',
        field: 'body.to',
        reason: 'is too short',
        message: 'SMSFLEET_ERR_VALIDATION: Invalid request',
      });
      expect(e.describe({ 'body.to': '--to' })).toBe(
        'SMSFLEET_ERR_VALIDATION: --to: is too short; body.body: is empty',
      );
      expect(e.describe({ other: 'x' })).toBe(e.message);
    } finally {
      await hub.close();
    }
  });

  it('names an answer without an error body by its HTTP status, and finds a 404 as undefined', async () => {
    const hub = await stubHub((_req, _b, res) => res.writeHead(502).end('bad gateway'));
    const gone = await stubHub((_req, _b, res) => json(res, 404, { error: { code: 'SMSFLEET_ERR_NOT_FOUND' } }));
    try {
      await expect(new HubClient({ url: hub.url }).call('GET', '/v1/devices')).rejects.toMatchObject({
        code: 'HTTP_502',
        status: 502,
      });
      expect(await new HubClient({ url: gone.url }).subscription('sub_x')).toBeUndefined();
      expect(await new HubClient({ url: gone.url }).unsubscribe('sub_x')).toBe(false);
    } finally {
      await hub.close();
      await gone.close();
    }
  });

  it('waits the Retry-After of a 429 and goes again, a bounded number of times', async () => {
    let calls = 0;
    const hub = await stubHub((_req, _b, res) =>
      ++calls <= 2
        ? json(res, 429, { error: { code: 'SMSFLEET_ERR_RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '7' })
        : json(res, 200, { items: [] }),
    );
    try {
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
      };
      expect(await new HubClient({ url: hub.url, sleep }).devices()).toEqual([]);
      expect(waits).toEqual([7000, 7000]);

      calls = 0;
      waits.length = 0;
      const e = await new HubClient({ url: hub.url, sleep, maxRateLimitWaits: 1 }).devices().catch((x) => x);
      expect(e).toMatchObject({ status: 429, code: 'SMSFLEET_ERR_RATE_LIMITED', retryAfterSeconds: 7 });
      expect(waits).toEqual([7000]);

      calls = 0;
      waits.length = 0;
      const long = new HubClient({ url: hub.url, sleep, maxWaitMs: 5000 });
      await expect(long.devices()).rejects.toMatchObject({ status: 429 });
      expect(waits).toEqual([]); // asked to wait longer than allowed: thrown at once
    } finally {
      await hub.close();
    }
  });

  it('takes the wait from the error body when there is no Retry-After header', async () => {
    let calls = 0;
    const hub = await stubHub((_req, _b, res) =>
      ++calls === 1
        ? json(res, 429, { error: { code: 'SMSFLEET_ERR_RATE_LIMITED', details: { retryAfterSeconds: 3 } } })
        : json(res, 200, {}),
    );
    try {
      const waits: number[] = [];
      await new HubClient({ url: hub.url, sleep: async (ms) => void waits.push(ms) }).call('GET', '/v1/account');
      expect(waits).toEqual([3000]);
    } finally {
      await hub.close();
    }
  });

  it('goes through a transport of the platform, which may hand back parsed JSON', async () => {
    const seen: string[] = [];
    const c = new HubClient({
      url: 'https://hub.example.com/',
      transport: async (r) => {
        seen.push(`${r.method} ${r.url} ${r.headers.authorization ?? 'platform-auth'}`);
        return { status: 200, header: () => undefined, body: { value: 'v' } };
      },
    });
    expect(await c.binding('ns', 'a/b')).toBe('v');
    expect(seen).toEqual(['GET https://hub.example.com/v1/bindings/ns/a%2Fb platform-auth']);
  });

  it('builds query strings from the defined values', () => {
    expect(withQuery('/v1/messages', { status: ['a', 'b'], to: undefined, limit: 5, x: '' })).toBe(
      '/v1/messages?status=a%2Cb&limit=5',
    );
    expect(withQuery('/v1/messages', {})).toBe('/v1/messages');
  });
});
