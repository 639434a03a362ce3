import { createServer } from 'node:http';

/** A call the Slack app made: the Web API method and its arguments. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A fake Slack Web API for the demo's tests, speaking the real wire format (form-encoded or JSON calls, JSON answers)
 * for what starting the app and posting an inbound text use: `auth.test` and `chat.postMessage`; other calls get `ok`.
 */
export async function fakeSlackApi(): Promise<{ url: string; calls: SlackCall[]; close(): Promise<void> }> {
  const calls: SlackCall[] = [];
  let ts = 1700000000;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const json = (req.headers['content-type'] ?? '').includes('json');
      const args = json ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      calls.push({ method, args });
      const answer =
        method === 'auth.test'
          ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
          : method === 'chat.postMessage'
            ? { ok: true, channel: args.channel, ts: `${++ts}.000100` }
            : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, calls, close: () => new Promise((r) => server.close(() => r())) };
}
