import fc from 'fast-check';
import type { CapturedWebhook } from './fuzz-hub';

/** A request as the fuzzer sends it over a raw socket. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * Characters for raw URLs and header values: anything but CR and LF (which would frame a different request
 * and could leave the server waiting for a body that never comes: a hang, not a finding).
 */
const rawChar = fc
  .integer({ min: 0, max: 255 })
  .filter((c) => c !== 10 && c !== 13)
  .map((c) => String.fromCharCode(c));
const rawText = (maxLength: number) => fc.string({ unit: rawChar, maxLength });
const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength });

/** Path segments known to trouble routers and file servers, and ordinary ones. */
const NASTY = [
  '%00',
  '%',
  '%zz',
  '%2',
  '..',
  '.',
  '..%2f..%2fpackage.json',
  '..%5c..%5cpackage.json',
  '%2e%2e%2f',
  'index.html%00.js',
  '%C0%AE%C0%AE',
  '%ff%fe',
  '%E2%82',
  '.hidden',
  'index.html',
  'app.js',
  'style.css',
  'uPlot.iife.min.js',
  'static',
  'index.html/',
  '%2F',
  ';',
  '*',
  '~',
  '%u002e',
  'msg_01jd0000000000000000000000',
  '%2B15550100001',
  '+15550100001',
  'CON',
  'a'.repeat(65),
];

/** One path segment: nasty, percent-encoded text, raw bytes, or long. */
export const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }).map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeURIComponent(s).replace(/%2F/g, '/')),
  },
  { weight: 1, arbitrary: rawText(20).map((s) => s.replace(/[ ?#]/g, '')) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 3000 }).map((n) => 'x'.repeat(n)) },
);

/** The hub's public routes, `{}` standing for a fuzzed segment. */
const TEMPLATES = [
  '/v1/messages',
  '/v1/messages/{}',
  '/v1/messages/{}/cancel',
  '/v1/messages/bulk',
  '/v1/messages/preview',
  '/v1/messages/export',
  '/v1/webhooks',
  '/v1/webhooks/{}',
  '/v1/webhooks/{}/deliveries',
  '/v1/account',
  '/v1/devices',
  '/v1/inbox',
  '/v1/contacts',
  '/v1/contacts/{}',
  '/v1/contacts/{}/opt-out',
  '/v1/contacts/{}/opt-in',
  '/v1/consent/export',
  '/v1/consent/import',
  '/v1/metrics',
  '/v1/metrics/series',
  '/v1/bindings',
  '/v1/bindings/{}/{}',
  '/v1/dashboard/stream-token',
  '/l/{}',
  '/l/{}/{}',
  '/dashboard',
  '/dashboard/',
  '/dashboard/{}',
  '/dashboard/{}/{}',
  '/dashboard/vendor/{}',
  '/dashboard/events',
  '/docs',
  '/docs/{}',
  '/docs/static/{}',
  '/docs/json',
  '/openapi.json',
  '/healthz',
  '/metrics',
  '/ingress/{}',
  '/{}',
  '/{}/{}',
  '//',
  '/',
];

const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  printable(15).map((s) => s.replace(/[ #]/g, '')),
  fc.constantFrom('%zz', '%', '-1', '0', '1e9', '', 'true'),
);
const queryName = fc.oneof(
  fc.constantFrom(
    'limit',
    'cursor',
    'status',
    'token',
    'from',
    'to',
    'since',
    'until',
    'q',
    'phone',
    'api_key',
    'limit[]',
    '__proto__',
  ),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);
const query = fc.option(
  fc
    .array(fc.tuple(queryName, queryValue), { maxLength: 4 })
    .map((ps) => `?${ps.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);

export const path: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.array(segment, { minLength: 2, maxLength: 2 }), query)
  .map(([t, [a, b], q]) => t.replace('{}', a!).replace('{}', b!) + q);

/** Header values: the plausible, the wrong and the raw. */
const headerValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      'null',
      '0',
      '-1',
      'application/json',
      'bytes=0-0',
      'bytes=999999-',
      'bytes=5-1,2-3',
      '*',
      'W/"x"',
      'Bearer ',
      'Basic Og==',
      '100-continue',
      'gzip, br',
      'Thu, 01 Jan 1970 00:00:00 GMT',
    ),
  },
  { weight: 3, arbitrary: printable(40) },
  { weight: 1, arbitrary: rawText(40) },
);

const SEND = { to: '+15550100001', body: 'hi there' };
const validish: unknown[] = [
  SEND,
  { messages: [SEND, SEND] },
  { url: 'http://127.0.0.1:9/x', events: ['message.status_changed'] },
  { phone: '+15550100001' },
  { namespace: 'n8n', key: 'k', value: 'v' },
  { contacts: [{ phone: '+15550100001', optedOut: true }] },
  {},
];

/** A JSON body with one field replaced, or junk. */
export const jsonBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...validish), fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([o, k, v]) => Buffer.from(JSON.stringify({ ...(o as object), [k]: v }))),
  fc.constantFrom(...validish).map((o) => Buffer.from(JSON.stringify(o))),
  fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc
    .constantFrom('{', '[', '{"to":', '"', 'null', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}')
    .map((s) => Buffer.from(s)),
);

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE'];
const HEADER_NAMES = [
  'content-type',
  'accept',
  'idempotency-key',
  'x-request-id',
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'accept-encoding',
  'x-api-key',
  'origin',
  'user-agent',
  'expect',
  'x-forwarded-for',
  'cookie',
  'x-fuzz',
];

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

/** A mutation of a captured webhook. */
type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'json'; key: string; value: unknown }
  | { kind: 'replace'; body: Buffer }
  | { kind: 'drop'; header: number }
  | { kind: 'set'; header: number; value: string }
  | { kind: 'add'; name: string; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({
    kind: fc.constant('json' as const),
    key: fc.constantFrom(
      'id',
      'event',
      'payload',
      'data',
      'type',
      'messageId',
      'status',
      'state',
      'phoneNumber',
      'message',
      'deviceId',
      'timestamp',
      'owner',
      'contact',
      'content',
      'webhookEvent',
      'smsId',
      'sender',
      'body',
      'recipients',
      'x',
    ),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({ kind: fc.constant('replace' as const), body: jsonBody }),
  fc.record({ kind: fc.constant('drop' as const), header: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), header: fc.nat(), value: headerValue }),
  fc.record({
    kind: fc.constant('add' as const),
    name: fc.constantFrom(...HEADER_NAMES, 'x-signature', 'x-timestamp', 'authorization'),
    value: headerValue,
  }),
);

/** Apply `mutations` to a JSON object's top level or to one of its object fields (the gateways nest payloads). */
function setJson(body: Buffer, key: string, value: unknown): Buffer {
  let o: unknown;
  try {
    o = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return Buffer.from(JSON.stringify(value));
  const rec = o as Record<string, unknown>;
  const nested = Object.values(rec).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) as
    | Record<string, unknown>
    | undefined;
  if (nested && key in nested) nested[key] = value;
  else rec[key] = value;
  return Buffer.from(JSON.stringify(rec));
}

/** Mangle a captured webhook's body and headers (re-signing is up to the caller). */
export function mangle(
  seed: CapturedWebhook,
  mutations: Mutation[],
): { headers: Record<string, string>; body: Buffer } {
  let body: Buffer = Buffer.from(seed.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(seed.headers))
    if (!['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
  for (const m of mutations) {
    const names = Object.keys(headers);
    switch (m.kind) {
      case 'flip':
        if (body.length) {
          body = Buffer.from(body);
          body[m.at % body.length] = m.byte;
        }
        break;
      case 'truncate':
        body = body.subarray(0, body.length ? m.at % body.length : 0);
        break;
      case 'append':
        body = Buffer.concat([body, Buffer.from(m.bytes)]);
        break;
      case 'json':
        body = setJson(body, m.key, m.value);
        break;
      case 'replace':
        body = m.body;
        break;
      case 'drop':
        if (names.length) delete headers[names[m.header % names.length]!];
        break;
      case 'set':
        if (names.length) headers[names[m.header % names.length]!] = m.value;
        break;
      case 'add':
        headers[m.name] = m.value;
        break;
    }
  }
  return { headers, body };
}

/** A mangled webhook for one of `seeds`: up to 4 mutations, re-signed or not, sometimes sent to another connection. */
export function webhookRequest(
  seeds: CapturedWebhook[],
  otherPaths: string[],
  resign: (headers: Record<string, string>, body: Buffer) => Record<string, string>,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      mutations: fc.array(mutation, { maxLength: 4 }),
      sign: fc.boolean(),
      target: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...otherPaths) },
      ),
    })
    .map(({ seed, mutations, sign, target }) => {
      const m = mangle(seed, mutations);
      return {
        method: 'POST',
        path: target ?? seed.path,
        headers: sign ? resign(m.headers, m.body) : m.headers,
        body: m.body,
      };
    });
}
