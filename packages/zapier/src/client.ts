import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';

/** The hub's base URL from the connection, without a trailing slash. */
export function hubUrl(bundle: Bundle): string {
  return String(bundle.authData.baseUrl ?? '').replace(/\/+$/, '');
}

/** beforeRequest: the bearer API key on every call to the hub. */
export function addApiKey(request: HttpRequestOptions, _z: ZObject, bundle: Bundle): HttpRequestOptions {
  request.headers = {
    ...request.headers,
    authorization: `Bearer ${bundle.authData.apiKey}`,
    accept: 'application/json',
  };
  return request;
}

/**
 * The hub names a field by its place in the request (`body.to`, `body.body`); a Zap user knows the action's own input
 * fields. `body` (the text) is the `message` field here; the rest keep their names (`to`, `deviceId`, `sendAt`…).
 */
export function zapField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'message' : f;
}

interface HubErrorBody {
  error?: {
    code?: string;
    message?: string;
    field?: string;
    reason?: string;
    details?: { retryAfterSeconds?: number };
  };
}

/**
 * afterResponse: the hub's errors become Zapier errors people can act on. 429 is a `ThrottledError` (Zapier retries
 * after `Retry-After`); every other 4xx/5xx is an `Error` carrying the hub's stable `SMSFLEET_ERR_*` code and the
 * field it names. Requests made with `skipThrowForStatus` (searches that may miss) are left alone.
 */
export function hubErrors(response: HttpResponse, z: ZObject): HttpResponse {
  if (response.status < 400 || response.skipThrowForStatus) return response;
  let body: HubErrorBody = {};
  try {
    body = JSON.parse(response.content) as HubErrorBody;
  } catch {
    /* not JSON */
  }
  const e = body.error ?? {};
  if (response.status === 429) {
    const after = Number(response.getHeader('retry-after') ?? e.details?.retryAfterSeconds ?? 60);
    throw new z.errors.ThrottledError(e.message ?? 'The smsfleet hub asked to slow down.', after);
  }
  const field = e.field ? ` (${zapField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : '';
  const message =
    response.status === 401
      ? `The smsfleet hub refused the API key: check the key in the connection. ${e.message ?? ''}`.trim()
      : `${e.message ?? `The smsfleet hub answered ${response.status}.`}${field}`;
  throw new z.errors.Error(message, e.code ?? `HTTP_${response.status}`, response.status);
}

/**
 * Verify a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`) over
 * `${id}.${timestamp}.${body}` with the subscription's `whsec_` secret, in constant time, within 5 minutes.
 */
export function verifySignature(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  nowMs = Date.now(),
): boolean {
  const h = (k: string) =>
    headers[k] ?? headers[k.toLowerCase()] ?? Object.entries(headers).find(([x]) => x.toLowerCase() === k)?.[1];
  const id = h('webhook-id');
  const ts = h('webhook-timestamp');
  const sigs = h('webhook-signature');
  if (!id || !ts || !sigs || !/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return sigs.split(' ').some((s) => {
    const [v, b64] = s.split(',');
    if (v !== 'v1' || !b64) return false;
    const got = Buffer.from(b64, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
