import { HubClient, HubError, type Transport } from '@smsfleet/client';
import type { Bundle, ZObject } from 'zapier-platform-core';

/** The API key scopes the app's triggers (webhooks, read), searches (read) and actions (send) use. */
export const ZAPIER_SCOPES = ['send', 'read', 'webhooks'] as const;

/** The hub's base URL from the connection, without a trailing slash. */
export function hubUrl(bundle: Bundle): string {
  return String(bundle.authData.baseUrl ?? '').replace(/\/+$/, '');
}

/**
 * `@smsfleet/client` over `z.request`, so every call shows in the Zap's HTTP log. Statuses are the client's to judge
 * (`skipThrowForStatus`), except a 429, which Zapier itself turns into a `ThrottledError` and retries later.
 */
function zapierTransport(z: ZObject): Transport {
  return async (r) => {
    const res = await z.request({
      url: r.url,
      method: r.method as 'GET',
      headers: r.headers,
      ...(r.body === undefined ? {} : { body: r.body }),
      skipThrowForStatus: true,
    });
    return { status: res.status, header: (name) => res.getHeader(name) ?? undefined, body: res.content };
  };
}

/** The hub client of one Zap step, with the connection's URL and API key. */
export function hubClient(z: ZObject, bundle: Bundle): HubClient {
  return new HubClient({
    url: hubUrl(bundle),
    apiKey: String(bundle.authData.apiKey ?? ''),
    transport: zapierTransport(z),
    maxRateLimitWaits: 0, // a step has little time: Zapier's ThrottledError waits instead
  });
}

/**
 * The hub names a field by its place in the request (`body.to`, `body.body`); a Zap user knows the action's own input
 * fields. `body` (the text) is the `message` field here; the rest keep their names (`to`, `deviceId`, `sendAt`…).
 */
export function zapField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'message' : f;
}

/**
 * A hub error as a Zapier error people can act on: 429 is a `ThrottledError` (Zapier retries after `Retry-After`);
 * every other refusal is an `Error` carrying the hub's stable `SMSFLEET_ERR_*` code and the field it names.
 */
export function zapError(z: ZObject, e: unknown): unknown {
  if (!(e instanceof HubError)) return e;
  if (e.status === 429)
    return new z.errors.ThrottledError(
      e.hubMessage || 'The smsfleet hub asked to slow down.',
      e.retryAfterSeconds ?? 60,
    );
  // A key without a scope the app uses: name it and the command that makes a key with every scope the app needs.
  const missing = e.missingScopeHelp(ZAPIER_SCOPES);
  if (missing) return new z.errors.Error(missing, e.code, e.status);
  const field = e.field ? ` (${zapField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : '';
  const message =
    e.status === 401
      ? `The smsfleet hub refused the API key: check the key in the connection. ${e.hubMessage}`.trim()
      : `${e.hubMessage}${field}`;
  return new z.errors.Error(message, e.code, e.status);
}

/** Run `fn` with the step's hub client; a hub error becomes a Zapier error ({@link zapError}). */
export async function withHub<T>(z: ZObject, bundle: Bundle, fn: (hub: HubClient) => Promise<T>): Promise<T> {
  try {
    return await fn(hubClient(z, bundle));
  } catch (e) {
    throw zapError(z, e);
  }
}
