import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../net/free-port';
import { runCampaign } from './campaign';
import { startProxy } from './proxy';

/** A stand-in hub on 127.0.0.1 that answers with `answer(request, body)`. */
async function fakeHub(
  answer: (req: IncomingMessage, body: string) => [number, unknown],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const [status, json] = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('chaos runner parts', () => {
  it('the proxy skips a hub that refuses connections, and answers 502 when no hub takes the request', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const up = await fakeHub((req, body) => [200, { path: req.url, body }]);
    const targets = [down, up.url];
    const proxy = await startProxy(() => targets);
    try {
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${proxy.url}/ingress/x?i=${i}`, { method: 'POST', body: 'report' });
        expect(r.status).toBe(200);
        expect(await r.json()).toEqual({ path: `/ingress/x?i=${i}`, body: 'report' });
      }
      targets.splice(1, 1);
      expect((await fetch(`${proxy.url}/ingress/x`, { method: 'POST', body: 'r' })).status).toBe(502);
      expect(proxy.stats).toEqual({ forwarded: 3, refused: 1 });
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('the client sends again with the same key on the next hub until a 2xx, keeping every id answered', async () => {
    const seen: Array<{ key: string | undefined; hub: string }> = [];
    let n = 0;
    const a = await fakeHub((req) => {
      seen.push({ key: req.headers['idempotency-key'] as string, hub: 'a' });
      return n++ === 0 ? [503, { error: { code: 'SMSFLEET_ERR_STORE' } }] : [200, { id: 'm-again' }];
    });
    const b = await fakeHub((req) => {
      seen.push({ key: req.headers['idempotency-key'] as string, hub: 'b' });
      return [202, { id: 'm-first' }];
    });
    try {
      const { items, stats } = await runCampaign(
        [
          { key: 'k0', to: '+14155550100', text: 't0' },
          { key: 'k1', to: '+14155550101', text: 't1' },
        ],
        {
          hubs: [a.url, b.url],
          apiKey: 'sf_live_x',
          campaign: 'c',
          ratePerSec: 1000,
          concurrency: 1,
          giveUpAfterMs: 30_000,
        },
      );
      // k0: a answers 503, then b 202. k1: b first (items alternate their first hub), 202.
      expect(seen).toEqual([
        { key: 'k0', hub: 'a' },
        { key: 'k0', hub: 'b' },
        { key: 'k1', hub: 'b' },
      ]);
      expect(items).toEqual([
        { key: 'k0', text: 't0', accepted: true, answeredIds: ['m-first'] },
        { key: 'k1', text: 't1', accepted: true, answeredIds: ['m-first'] },
      ]);
      expect(stats).toEqual({ requests: 3, retried: { '503 SMSFLEET_ERR_STORE': 1 } });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the client gives up on a refusal that a retry cannot change', async () => {
    const a = await fakeHub(() => [400, { error: { code: 'SMSFLEET_ERR_VALIDATION' } }]);
    try {
      const { items, stats } = await runCampaign([{ key: 'k0', to: 'x', text: 't0' }], {
        hubs: [a.url],
        apiKey: 'k',
        campaign: 'c',
        ratePerSec: 1000,
        concurrency: 1,
        giveUpAfterMs: 30_000,
      });
      expect(items[0]!.accepted).toBe(false);
      expect(stats.requests).toBe(1);
    } finally {
      await a.close();
    }
  });
});
