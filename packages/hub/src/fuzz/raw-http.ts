import { connect } from 'node:net';

/** One answer read off a raw socket. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The bytes as received (for failure messages). */
  raw: Buffer;
}

/**
 * Write `request` (any bytes: a malformed request line, a NUL in the path, 100 kB of headers) to `host:port` and read
 * until the server closes the connection (send `Connection: close`). Resolves `undefined` when nothing came back, e.g.
 * when the server reset the connection before answering. For tests that must send what fetch would refuse to.
 */
export function rawRequest(port: number, request: Buffer | string, host = '127.0.0.1'): Promise<RawAnswer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close while we are still writing (an answer to huge headers comes before we finish).
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return;
      reject(e);
    });
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      resolve(raw.length ? parseAnswer(raw) : undefined);
    });
    // Not end(): a half-closed socket makes node drop an answer that is still being prepared.
    socket.write(request);
  });
}

/** Parse one HTTP/1.1 answer (Content-Length or chunked body), after any interim 1xx answers. */
export function parseAnswer(raw: Buffer): RawAnswer {
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 16).toString('latin1'))) {
    const end = raw.indexOf('\r\n\r\n');
    if (end < 0) break;
    raw = raw.subarray(end + 4);
  }
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no header end in answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(m[1]), headers, body, raw };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(b.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Build a request's bytes: `Connection: close` and, for a body, its Content-Length unless `headers` sets one. */
export function buildRequest(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Buffer {
  const b = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const h: Record<string, string> = { host: '127.0.0.1', connection: 'close', ...headers };
  if (b && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding'))
    h['content-length'] = String(b.length);
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b ?? Buffer.alloc(0)]);
}
