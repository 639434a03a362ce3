import { createServer, type Server } from 'node:http';

/** One Web API call the app made (or one response_url post). */
export interface ApiCall {
  method: string;
  args: Record<string, any>;
}

/** A fake Slack Web API speaking the real wire format: form-encoded (or JSON) calls, JSON answers. */
export async function fakeSlack(): Promise<{
  url: string;
  calls: ApiCall[];
  responses: ApiCall[];
  close(): Promise<void>;
}> {
  const calls: ApiCall[] = [];
  const responses: ApiCall[] = [];
  let ts = 1700000000;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const json = (req.headers['content-type'] ?? '').includes('json');
      const args: Record<string, any> = json ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      for (const k of ['blocks', 'view']) if (typeof args[k] === 'string') args[k] = JSON.parse(args[k]);
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const answer = (o: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (method.startsWith('response/')) {
        responses.push({ method, args });
        return answer({ ok: true });
      }
      calls.push({ method, args });
      if (args.channel === 'CMISSING') return answer({ ok: false, error: 'channel_not_found' });
      switch (method) {
        case 'auth.test':
          return answer({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
        case 'chat.postMessage':
          return answer({ ok: true, channel: args.channel, ts: `${++ts}.000100`, message: { text: args.text } });
        case 'chat.update':
          return answer({ ok: true, channel: args.channel, ts: args.ts });
        case 'chat.delete':
        case 'reactions.add':
        case 'chat.postEphemeral':
          return answer({ ok: true });
        case 'views.open':
        case 'views.update':
        case 'views.publish':
          return answer({ ok: true, view: { id: 'V1' } });
        default:
          return answer({ ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, calls, responses, close: () => new Promise((r) => server.close(() => r())) };
}
