import fc from 'fast-check';
import { HEADER_NAMES, headerValue, jsonBody, METHODS } from './headers-and-bodies';
import { path } from './paths';

export { webhookRequest } from './webhook-mutations';

/** A request as the fuzzer sends it over a raw socket. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A request to any public route: method, path, auth, headers and body all fuzzed. */
export function apiRequest(apiKey: string): fc.Arbitrary<FuzzRequest> {
  const auth = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: `Bearer ${apiKey}` },
    { authorization: `Bearer ${apiKey}` },
    { authorization: 'Bearer sk_live_nope' },
    { authorization: `Basic ${apiKey}` },
    { authorization: `Bearer ${apiKey}x` },
  );
  const ctype = fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'text/csv',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/xml',
    '',
    'application/json;;;',
  );
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path,
      auth,
      ctype,
      extra: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), headerValue), { maxLength: 3 }),
      body: fc.option(jsonBody, { nil: undefined }),
    })
    .map(({ method, path: p, auth: a, ctype: ct, extra, body }) => ({
      method,
      path: p,
      body,
      headers: { ...a, ...(body ? { 'content-type': ct } : {}), ...Object.fromEntries(extra) },
    }));
}
