import http, { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postOnce } from './http-post';

/** A receiver that records each request's method, path, headers and body. */
async function receiver(): Promise<{
  server: Server;
  url: string;
  got: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
}> {
  const got: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1?x=y`, got };
}

describe('postOnce', () => {
  it("posts body and headers where http.request is wrapped to take only (options, callback), as Zapier's", async () => {
    const r = await receiver();
    const real = http.request;
    // The shape of zapier-platform-core's http patch: a second argument is taken for the callback.
    (http as { request: unknown }).request = (options: never, callback?: (res: unknown) => void) =>
      real(options, (res) => callback?.(res));
    try {
      const res = await postOnce(
        r.url,
        { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
        '{"a":1}',
        5000,
        100,
      );
      expect(res.statusCode).toBe(204);
    } finally {
      (http as { request: unknown }).request = real;
      r.server.close();
    }
    expect(r.got).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/hooks/1?x=y',
        body: '{"a":1}',
        headers: expect.objectContaining({
          'content-type': 'application/json',
          'webhook-id': 'msg_1',
          'content-length': '7',
        }),
      }),
    ]);
  });
});
