// The paths the fuzzer requests: the hub's public routes with fuzzed segments and query strings.
import fc from 'fast-check';

/**
 * Characters for raw URLs and header values: anything but CR and LF (which would frame a different request
 * and could leave the server waiting for a body that never comes: a hang, not a finding).
 */
const rawChar = fc
  .integer({ min: 0, max: 255 })
  .filter((c) => c !== 10 && c !== 13)
  .map((c) => String.fromCharCode(c));
export const rawText = (maxLength: number) => fc.string({ unit: rawChar, maxLength });
export const printable = (maxLength: number) =>
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
