import { GatewaySendError } from '../gateway-send-error';
import type { HttpSmsConnection } from './connection';

/**
 * Download an attachment of an MMS httpSMS received, from `url` as its API listed it. Only a URL on the connection's
 * own origin is fetched, with the API key: anything else could hand the key to whoever wrote the URL, so it is refused.
 * At most `maxBytes`, checked as the body arrives.
 */
export async function fetchHttpSmsAttachment(
  conn: Pick<HttpSmsConnection, 'baseUrl' | 'apiKey'>,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  url: string,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const fail = (message: string, retryable: boolean) =>
    new GatewaySendError(`httpsms: attachment ${url}: ${message}`, {
      gateway: 'httpsms',
      problem: retryable ? 'network' : 'rejected',
      retryable,
      deviceProblem: false,
    });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw fail('not a URL', false);
  }
  if (target.origin !== new URL(conn.baseUrl).origin) throw fail("not on the gateway's origin; not fetched", false);
  let res: Response;
  try {
    res = await fetchImpl(target, {
      headers: { 'x-api-key': conn.apiKey },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e), true);
  }
  if (!res.ok) throw fail(`HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw fail(`${declared} bytes, over the limit of ${maxBytes}`, false);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > maxBytes) throw fail(`${bytes.length} bytes, over the limit of ${maxBytes}`, false);
  const contentType = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
  return { bytes, contentType };
}
