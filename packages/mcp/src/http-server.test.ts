import { request } from 'node:http';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { SimHub } from '@smsfleet/hub/testing';
import { type HttpMcpServer, startHttpServer } from './http-server';
import { connectClient, dataOf, startHub, type TestClient, textOf, until } from './testing/rig';

/** A raw POST to the endpoint, for what the SDK client would never send. */
function post(url: string, headers: Record<string, string>, body: unknown) {
  return new Promise<{ status: number; session: string | undefined }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        res.resume();
        const session = res.headers['mcp-session-id'];
        resolve({ status: res.statusCode ?? 0, session: typeof session === 'string' ? session : undefined });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

describe('the MCP tools over streamable HTTP on 127.0.0.1 (SDK client)', () => {
  let hub: SimHub;
  const servers: HttpMcpServer[] = [];
  const clients: TestClient[] = [];
  const serve = async (apiKey?: string) => {
    const s = await startHttpServer({ mcp: { url: hub.url, ...(apiKey ? { apiKey } : {}) }, port: 0 });
    servers.push(s);
    return s;
  };
  const connect = async (url: string, headers: Record<string, string> = {}) => {
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
    const c = await connectClient(transport, 'accept');
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    hub = await startHub(42);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) await s.close();
    await hub.close();
  });

  it('sends after the user confirms, and the status tool follows the text to delivered', async () => {
    const server = await serve(hub.apiKey);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const c = await connect(server.url);
    const to = '+14155550191';
    const sent = await c.call('send_sms', { to, body: 'Over HTTP' });
    expect(c.asked.map((q) => q.message.split('\n')[0])).toEqual([`Send 1 text to ${to} (1 SMS part, GSM-7)?`]);
    const { message, idempotencyKey } = dataOf(sent);
    expect(idempotencyKey).toMatch(/^mcp-/);
    await until('fleet-sim delivers it', () =>
      hub.fleet.truth.messages().find((t) => t.recipient === to && t.finalState === 'delivered'),
    );
    await until('the status tool says delivered', async () => {
      const r = await c.call('get_message', { id: message.id });
      return dataOf(r).message.status === 'delivered' || undefined;
    });
    expect(server.sessions()).toBe(1);
  });

  it("uses a client's own key, sent as a bearer token, and refuses a session without any key", async () => {
    const server = await serve();
    const own = await connect(server.url, { authorization: `Bearer ${hub.apiKey}` });
    expect(dataOf(await own.call('list_devices')).items.length).toBe(5);
    const wrong = await connect(server.url, { authorization: 'Bearer sf_live_wrong' });
    const refused = await wrong.call('list_devices');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('the hub refused the API key');
    await expect(connect(server.url)).rejects.toThrow();
    expect((await post(server.url, {}, initialize)).status).toBe(401);
  });

  it('holds a session to the key it was opened with, and refuses a host that is not loopback', async () => {
    const server = await serve(hub.apiKey);
    const opened = await post(server.url, { authorization: 'Bearer sf_live_a' }, initialize);
    expect(opened.status).toBe(200);
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const other = await post(
      server.url,
      { 'mcp-session-id': opened.session!, authorization: 'Bearer sf_live_b' },
      list,
    );
    expect(other.status).toBe(401);
    const none = await post(server.url, { 'mcp-session-id': opened.session! }, list);
    expect(none.status).toBe(401);
    const port = new URL(server.url).port;
    expect((await post(server.url, { host: `attacker.example:${port}` }, initialize)).status).toBe(403);
    expect((await post(server.url, { 'mcp-session-id': 'no-such-session' }, list)).status).toBe(404);
  });
});

describe('idle HTTP sessions', () => {
  it('closes a session left idle past idleMs when the next one opens, and keeps one in use', async () => {
    let now = 0;
    const server = await startHttpServer({
      mcp: { url: 'http://127.0.0.1:9', apiKey: 'sf_live_x' },
      port: 0,
      idleMs: 1000,
      now: () => now,
    });
    try {
      const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
      const left = (await post(server.url, {}, initialize)).session!;
      const used = (await post(server.url, {}, initialize)).session!;
      now = 900;
      expect((await post(server.url, { 'mcp-session-id': used }, list)).status).toBe(200);
      now = 1500; // `left` idle 1500 ms, `used` 600 ms
      await post(server.url, {}, initialize);
      expect(server.sessions()).toBe(2);
      expect((await post(server.url, { 'mcp-session-id': left }, list)).status).toBe(404);
      expect((await post(server.url, { 'mcp-session-id': used }, list)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
