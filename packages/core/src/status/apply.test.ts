import fc from 'fast-check';
import { isSmsfleetError } from '../errors/smsfleet-error';
import { MESSAGE_STATUSES, type MessageStatus } from '../schemas/status';
import { applyStatusEvent, applyToMessage, type TrackedState } from './apply';
import { isTerminal, statusRank, TERMINAL_STATUSES } from './precedence';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const start = (status: MessageStatus = 'queued'): TrackedState => ({
  status,
  segments: 1,
  updatedAt: '2026-11-23T09:00:00.000Z',
});
const ev = (status: MessageStatus, extra: Partial<{ at: string; segmentsTotal: number }> = {}) => ({
  status,
  at: extra.at ?? '2026-11-23T09:30:00.000Z',
  ...extra,
});
const run = (events: Array<ReturnType<typeof ev>>, s: TrackedState = start()) =>
  events.reduce((st, e) => applyStatusEvent(st, e, NOW).state, s);

const OUTBOUND = MESSAGE_STATUSES.filter((s) => s !== 'received');
const NON_TERMINAL = OUTBOUND.filter((s) => !isTerminal(s));
const TERMINAL = [...TERMINAL_STATUSES];

describe('applyStatusEvent: examples', () => {
  it('moves forward and stamps times', () => {
    const s = run([
      ev('pending'),
      ev('sent', { at: '2026-11-23T09:31:00.000Z' }),
      ev('delivered', { at: '2026-11-23T09:32:00.000Z' }),
    ]);
    expect(s).toMatchObject({
      status: 'delivered',
      sentAt: '2026-11-23T09:31:00.000Z',
      deliveredAt: '2026-11-23T09:32:00.000Z',
      updatedAt: NOW.toISOString(),
    });
  });

  it('ignores sent after delivered (changes nothing at all)', () => {
    const delivered = run([ev('sent'), ev('delivered')]);
    const r = applyStatusEvent(delivered, ev('sent', { segmentsTotal: 3 }), NOW);
    expect(r.changed).toBe(false);
    expect(r.state).toBe(delivered);
  });

  it('keeps the first terminal status', () => {
    expect(run([ev('sent'), ev('failed'), ev('delivered')]).status).toBe('failed');
  });

  it('lets a late real report replace unknown', () => {
    const s = run([ev('sent'), ev('unknown'), ev('sent'), ev('delivered')]);
    expect(s.status).toBe('delivered');
  });

  it("takes the phone's partsCount and treats per-segment delivered reports as duplicates", () => {
    const sent = applyStatusEvent(start('pending'), ev('sent', { segmentsTotal: 3 }), NOW);
    expect(sent.state.segments).toBe(3);
    const d1 = applyStatusEvent(sent.state, ev('delivered'), NOW);
    expect(d1.statusChanged).toBe(true);
    const d2 = applyStatusEvent(d1.state, ev('delivered', { at: '2026-11-23T09:40:00.000Z' }), NOW);
    expect(d2.changed).toBe(false);
    expect(d2.state.deliveredAt).toBe(d1.state.deliveredAt);
  });

  it('gives every failure status a catalogued failure', () => {
    expect(run([ev('undelivered')]).failure?.code).toBe('5009');
    expect(run([ev('expired')]).failure?.category).toBe('expired');
    expect(run([ev('failed')]).failure?.code).toBe('SMSFLEET_UNKNOWN');
    expect(run([ev('delivered')]).failure).toBeUndefined();
  });

  it('refuses received for an outbound message with a typed error', () => {
    let err: unknown;
    try {
      applyStatusEvent(start(), ev('received'), NOW);
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
  });

  it('builds store changes: timeline only for status changes, null for no change', () => {
    const m = {
      id: 'msg_1',
      to: '+14155550123',
      body: 'x',
      segments: 1,
      encoding: 'GSM-7' as const,
      priority: 0,
      status: 'sent' as const,
      attempts: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      version: 2,
    };
    const e = {
      id: 'evt_1',
      messageId: 'msg_1',
      status: 'delivered' as const,
      at: NOW.toISOString(),
      source: 'gateway' as const,
    };
    const change = applyToMessage(m, e, NOW)!;
    expect(change.message.status).toBe('delivered');
    expect(change.events).toEqual([e]);
    expect(applyToMessage(change.message, e, NOW)).toBeNull();
    const seg = applyToMessage(m, { ...e, status: 'sent', segmentsTotal: 2 }, NOW)!;
    expect(seg.events).toEqual([]);
    expect(seg.message.segments).toBe(2);
  });
});

describe('applyStatusEvent: properties over random orderings and duplicates', () => {
  const status = (xs: readonly MessageStatus[]) => fc.constantFrom(...xs);
  // A set of reports, then a random sequence drawn from it with duplicates, in any order.
  const shuffledWithDups = (pool: fc.Arbitrary<MessageStatus>) =>
    fc
      .uniqueArray(pool, { minLength: 1, maxLength: 6 })
      .chain((set) =>
        fc.tuple(
          fc.constant(set),
          fc.shuffledSubarray([...set, ...set, ...set], { minLength: set.length * 3, maxLength: set.length * 3 }),
        ),
      );

  it('never moves backwards and never leaves a terminal status', () => {
    fc.assert(
      fc.property(fc.array(status(OUTBOUND), { maxLength: 30 }), (seq) => {
        let s = start('scheduled');
        for (const st of seq) {
          const next = applyStatusEvent(s, ev(st), NOW).state;
          expect(statusRank(next.status)!).toBeGreaterThanOrEqual(statusRank(s.status)!);
          if (isTerminal(s.status)) expect(next.status).toBe(s.status);
          s = next;
        }
      }),
    );
  });

  it('with exactly one terminal report, ends in it whatever the order and duplicates', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(status(NON_TERMINAL), { maxLength: 5 }),
        status(TERMINAL),
        fc.integer({ min: 1, max: 3 }),
        fc.context(),
        (others, terminal, dups, _ctx) => {
          const events = [...others, terminal].flatMap((s) => Array(dups).fill(s));
          return (
            fc.assert(
              fc.property(
                fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
                (order) => {
                  expect(run(order.map((s) => ev(s))).status).toBe(terminal);
                },
              ),
              { numRuns: 10 },
            ) === undefined
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('with no terminal report, ends in the highest-ranked status seen', () => {
    fc.assert(
      fc.property(shuffledWithDups(status(NON_TERMINAL)), ([set, order]) => {
        const best = [...set, 'scheduled' as MessageStatus].reduce((a, b) => (statusRank(b)! > statusRank(a)! ? b : a));
        expect(
          run(
            order.map((s) => ev(s)),
            start('scheduled'),
          ).status,
        ).toBe(best);
      }),
    );
  });

  it('is idempotent: applying an event twice equals applying it once', () => {
    fc.assert(
      fc.property(
        fc.array(status(OUTBOUND), { maxLength: 10 }),
        status(OUTBOUND),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        (prefix, st, parts) => {
          const s = run(
            prefix.map((p) => ev(p)),
            start('scheduled'),
          );
          const e = ev(st, parts === undefined ? {} : { segmentsTotal: parts });
          const once = applyStatusEvent(s, e, NOW).state;
          const twice = applyStatusEvent(once, e, NOW);
          expect(twice.changed).toBe(false);
          expect(twice.state).toEqual(once);
        },
      ),
    );
  });
});

describe('a sent report that lost the race', () => {
  it('fills in sentAt after delivered without moving the status, once', () => {
    const now = new Date('2026-11-24T10:00:10Z');
    const delivered = {
      status: 'delivered' as const,
      segments: 1,
      deliveredAt: '2026-11-24T10:00:05Z',
      updatedAt: '2026-11-24T10:00:05Z',
    };
    const r = applyStatusEvent(delivered, { status: 'sent', at: '2026-11-24T10:00:02Z' }, now);
    expect(r).toMatchObject({
      changed: true,
      statusChanged: false,
      state: { status: 'delivered', sentAt: '2026-11-24T10:00:02Z' },
    });
    expect(applyStatusEvent(r.state, { status: 'sent', at: '2026-11-24T10:00:03Z' }, now).changed).toBe(false);
    expect(
      applyStatusEvent({ ...delivered, status: 'failed' }, { status: 'sent', at: '2026-11-24T10:00:02Z' }, now).changed,
    ).toBe(false);
  });
});
