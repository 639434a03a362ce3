import fc from 'fast-check';
import type { FuzzRequest } from './arbitraries';
import type { CapturedWebhook } from './fuzz-hub';
import { HEADER_NAMES, headerValue, jsonBody } from './headers-and-bodies';

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
