// What the fuzzer sends besides the path: header values and names, methods, and JSON bodies.
import fc from 'fast-check';
import { printable, rawText } from './paths';

/** Header values: the plausible, the wrong and the raw. */
export const headerValue = fc.oneof(
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

export const METHODS = [
  'GET',
  'GET',
  'GET',
  'POST',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PROPFIND',
  'TRACE',
];
export const HEADER_NAMES = [
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
