import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** Simulated phones that answer quickly, so tests wait little for real events. */
export const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};

/** One request the hub POSTed to a hook target. */
export interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Zapier's side of a REST hook: a URL that records what the hub POSTs to it. */
export async function hookTarget(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/standard/1/abc`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Wait for `fn` to give a value (an event), with a generous safety limit. */
export async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
