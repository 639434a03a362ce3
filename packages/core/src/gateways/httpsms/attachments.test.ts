import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchHttpSmsAttachment } from './attachments';

describe('httpSMS attachment download', () => {
  let server: Server;
  let base: string;
  const keys: (string | undefined)[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      keys.push(req.headers['x-api-key'] as string | undefined);
      if (req.url === '/v1/attachments/u/m/0') {
        res.writeHead(200, { 'content-type': 'image/png; charset=binary' });
        res.end(Buffer.from([1, 2, 3, 4]));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('fetches from its own origin with the key, and refuses other origins, large parts and errors', async () => {
    const conn = { baseUrl: `${base}/`, apiKey: 'k-1' };
    const got = await fetchHttpSmsAttachment(conn, fetch, 5000, `${base}/v1/attachments/u/m/0`, 100);
    expect(got).toEqual({ bytes: new Uint8Array([1, 2, 3, 4]), contentType: 'image/png' });
    expect(keys).toEqual(['k-1']);
    // Another origin would get the API key: never asked.
    await expect(fetchHttpSmsAttachment(conn, fetch, 5000, 'http://127.0.0.2:9/x', 100)).rejects.toThrow(/origin/);
    expect(keys).toHaveLength(1);
    await expect(fetchHttpSmsAttachment(conn, fetch, 5000, `${base}/v1/attachments/u/m/0`, 3)).rejects.toThrow(
      /over the limit/,
    );
    await expect(fetchHttpSmsAttachment(conn, fetch, 5000, `${base}/nope`, 100)).rejects.toThrow(/HTTP 404/);
  });
});
