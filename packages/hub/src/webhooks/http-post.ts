import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What one POST gave: the status and up to `excerptBytes` of the body (non-2xx only), or the error. */
export interface PostResult {
  statusCode?: number;
  body?: string;
  error?: unknown;
  timedOut?: boolean;
}

/**
 * Keep-alive agents shared by every delivery of the process: a subscriber's connection is reused across deliveries
 * (fetch through undici costs far more CPU per request, and a new connection per POST adds a handshake).
 */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' }),
};

/** Read at most `max` bytes of `res`, then drop the rest. */
function readSome(res: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      if (size < max) chunks.push(c);
      size += c.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).subarray(0, max).toString('utf8')));
    res.on('error', () => resolve(Buffer.concat(chunks).subarray(0, max).toString('utf8')));
  });
}

/** Where a URL's POSTs go: its request options (all but the headers), or why it cannot be posted to. */
interface Target {
  tls: boolean;
  options: RequestOptions;
}

/**
 * Targets by URL, parsed once: a subscriber's URL is the same on every delivery, and parsing it with `new URL` was a
 * good part of a POST's CPU. Bounded, like the signing keys: subscriptions are few.
 */
const targets = new Map<string, Target | Error>();

function targetOf(url: string): Target | Error {
  let t = targets.get(url);
  if (t) return t;
  t = parseTarget(url);
  if (targets.size >= 1_000) targets.clear();
  targets.set(url, t);
  return t;
}

function parseTarget(url: string): Target | Error {
  let u: URL;
  try {
    u = new URL(url);
  } catch (error) {
    return error as Error;
  }
  const tls = u.protocol === 'https:';
  if (!tls && u.protocol !== 'http:') return new Error(`unsupported protocol ${u.protocol}`);
  const options: RequestOptions = {
    protocol: u.protocol,
    hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), // an IPv6 literal without its brackets
    path: `${u.pathname}${u.search}`,
    method: 'POST',
    agent: tls ? agents.https : agents.http,
  };
  if (u.port) options.port = u.port;
  if (u.username) options.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  return { tls, options };
}

/**
 * POST `body` to `url` with node:http(s) over a keep-alive agent; never rejects. Redirects are not followed. The
 * timeout covers connecting, sending and reading the answer (a 2xx answer's body is drained, not read).
 */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  excerptBytes: number,
): Promise<PostResult> {
  return new Promise((resolve) => {
    const target = targetOf(url);
    if (target instanceof Error) {
      resolve({ error: target });
      return;
    }
    let done = false;
    const finish = (r: PostResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const h: Record<string, string> = { ...headers };
    h['content-length'] = String(Buffer.byteLength(body));
    // One options object, no URL argument: tools that wrap http.request (Zapier's platform, APM agents) often take
    // only `(options, callback)`, and would drop a second argument's method, headers and body.
    const req = (target.tls ? httpsRequest : httpRequest)({ ...target.options, headers: h });
    const timer = setTimeout(() => {
      finish({ timedOut: true });
      req.destroy();
    }, timeoutMs);
    timer.unref?.();
    req.on('error', (error) => finish({ error }));
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      if (statusCode >= 200 && statusCode < 300) {
        res.on('end', () => finish({ statusCode }));
        res.on('error', () => finish({ statusCode }));
        res.resume();
        return;
      }
      void readSome(res, excerptBytes).then((text) => finish({ statusCode, body: text }));
    });
    req.end(body);
  });
}
