import fc from 'fast-check';
import { SmsfleetError } from '../../errors';
import { Message, type StatusEvent } from '../../schemas';
import { checkMessage, checkMessageUpdate, cloneJson, sameJson } from './records';

const AT = '2026-11-23T10:15:30.000Z';
const base: Message = checkMessage(
  {
    id: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
    to: '+14155550123',
    body: 'Your order ships today.',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'sent',
    attempts: 1,
    createdAt: AT,
    updatedAt: AT,
    sentAt: AT,
    version: 2,
    from: { deviceId: 'dev_a', sim: 1 },
    tags: ['reminder'],
    metadata: { order: 'A-1042' },
    gateway: 'sms-gate',
    gatewayMessageId: 'g1',
    reservation: { key: 'sim:dev_a:1', id: 'r1', segments: 1 },
  },
  [],
).message;
const event: StatusEvent = {
  id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2y',
  messageId: base.id,
  status: 'delivered',
  at: AT,
  source: 'gateway',
};

/**
 * Values any field may be set to: valid for some fields, invalid for most, nested ones with and without unknown
 * keys.
 */
const ANY: unknown[] = [
  undefined,
  null,
  true,
  0,
  1,
  2,
  3,
  -1,
  1.5,
  300,
  NaN,
  '',
  'x',
  'delivered',
  'pending',
  'sms-gate',
  'GSM-7',
  'UCS-2',
  AT,
  '2026-11-23',
  '+14155550123',
  '0415',
  [],
  ['a'],
  [''],
  ['a', 1],
  {},
  { deviceId: 'dev_b', sim: 2 },
  { deviceId: 'dev_b', sim: 3 },
  { deviceId: 'dev_b', sim: 1, extra: 1 },
  { order: 'x' },
  { k: 1 },
  { key: 'sim:b:1', id: 'r2', segments: 2 },
  { key: '', id: 'r2', segments: 1 },
  { code: '5001', category: 'invalid_number', permanent: true, explanation: 'x', gatewayMessage: 'y' },
];
const FIELDS = [...Object.keys(Message.shape), 'junk'];

function outcome(f: () => { message: Message; events: StatusEvent[] }): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    if (!(e instanceof SmsfleetError)) throw e;
    return { code: e.code, issues: e.issues };
  }
}

describe('checkMessageUpdate', () => {
  it('concludes what a full checkMessage concludes, for any change of any fields', () => {
    const change = fc.dictionary(
      fc.constantFrom(...FIELDS),
      fc.oneof(fc.constantFrom(...ANY), fc.constantFrom('same', 'copy')),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(change, fc.boolean(), (fields, withEvent) => {
        const next: Record<string, unknown> = structuredClone(base);
        for (const [k, v] of Object.entries(fields)) {
          const old = (base as Record<string, unknown>)[k];
          next[k] = v === 'same' ? old : v === 'copy' ? structuredClone(old) : structuredClone(v);
        }
        const events = withEvent ? [event] : [];
        expect(outcome(() => checkMessageUpdate(base, next, events))).toEqual(
          outcome(() => checkMessage(next, events)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('concludes what checkMessage concludes when parts of nested fields change (engagement, link counts)', () => {
    const engaged: Message = checkMessage(
      {
        ...base,
        engagement: {
          links: 2,
          clicks: 3,
          uniqueClicks: 2,
          botHits: 1,
          replies: 0,
          firstClickAt: AT,
          linkCounts: {
            k3Rb9ZqP2xTm: { total: 2, unique: 1, bots: 1 },
            Bench0000001: { total: 1, unique: 1, bots: 0 },
          },
        },
      },
      [],
    ).message;
    // Copies made here (not structuredClone: its objects come from another realm under jest, never "plain").
    // Mostly valid parts (a part that fails sends the whole field through zod), some invalid, some unknown keys.
    const count = fc.oneof({ weight: 12, arbitrary: fc.nat(9) }, { weight: 1, arbitrary: fc.constantFrom(...ANY) });
    const stats = fc.oneof(
      { weight: 12, arbitrary: fc.record({ total: count, unique: count, bots: count }) },
      { weight: 1, arbitrary: fc.constantFrom(...ANY) },
      { weight: 1, arbitrary: fc.record({ total: count, unique: count }) },
      { weight: 1, arbitrary: fc.record({ total: count, unique: count, bots: count, extra: count }) },
    );
    const code = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('k3Rb9ZqP2xTm', 'Bench0000001', 'new') },
      { weight: 2, arbitrary: fc.constantFrom('', 'x'.repeat(65), '__proto__') },
    );
    const part = fc.oneof(
      { weight: 6, arbitrary: count },
      { weight: 1, arbitrary: fc.constantFrom(AT, '2026-11-23', true, ['in_01'], 'same', 'copy') },
    );
    const engagementChange = fc.dictionary(
      fc.constantFrom(...Object.keys(engaged.engagement!), 'optedOut', 'creditedInboundIds', 'junk'),
      part,
      { maxKeys: 3 },
    );
    fc.assert(
      fc.property(engagementChange, fc.dictionary(code, stats, { maxKeys: 3 }), (fields, links) => {
        const next = cloneJson(engaged) as unknown as { engagement: Record<string, unknown> };
        const e = next.engagement;
        for (const [k, v] of Object.entries(fields)) {
          const old = (engaged.engagement as Record<string, unknown>)[k];
          e[k] = v === 'same' ? old : v === 'copy' ? cloneJson(old) : cloneJson(v);
        }
        const counts = { ...(e.linkCounts as object) } as Record<string, unknown>;
        for (const [c, st] of Object.entries(links))
          Object.defineProperty(counts, c, { value: st, enumerable: true, writable: true, configurable: true });
        e.linkCounts = counts;
        expect(outcome(() => checkMessageUpdate(engaged, next, []))).toEqual(outcome(() => checkMessage(next, [])));
      }),
      { numRuns: 3000 },
    );
  });

  it('names every bad field at once, and checks the events', () => {
    const e = outcome(() =>
      checkMessageUpdate(base, { ...base, status: 'arrived', from: { deviceId: 'd', sim: 9 } }, []),
    );
    expect(e).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      issues: [{ field: 'message.from.sim' }, { field: 'message.status' }],
    });
    expect(outcome(() => checkMessageUpdate(base, base, [{ ...event, messageId: 'msg_other' }]))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      issues: [{ field: 'events.0.messageId' }],
    });
    expect(outcome(() => checkMessageUpdate(base, 'not a message', []))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
    });
  });

  it("hands back its own copies of the unchanged fields, never the caller's", () => {
    const next = { ...base, status: 'delivered' as const, from: { ...base.from! } };
    const r = checkMessageUpdate(base, next, []);
    expect(r.message.from).toBe(base.from);
    expect(r.message.from).not.toBe(next.from);
  });
});

describe('sameJson', () => {
  it('compares JSON values deeply and anything else by identity', () => {
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
    expect(sameJson(NaN, NaN)).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});

describe('cloneJson', () => {
  it('copies a JSON value deeply: equal, and sharing no object or array with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = cloneJson(v);
        expect(sameJson(c, v)).toBe(true);
        const shared = (a: unknown, b: unknown): boolean =>
          typeof a === 'object' &&
          a !== null &&
          (a === b ||
            Object.keys(a).some((k) => shared((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));
        expect(shared(c, v)).toBe(false);
      }),
      { numRuns: 500 },
    );
    const proto = cloneJson(JSON.parse('{"__proto__":{"x":1}}') as object);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(JSON.stringify(proto)).toBe('{"__proto__":{"x":1}}');
    const m = cloneJson(base);
    m.from!.sim = 2;
    expect(base.from!.sim).not.toBe(2);
  });
});
