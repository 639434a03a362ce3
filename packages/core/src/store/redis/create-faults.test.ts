import { Redis } from 'ioredis';
import { event, message, T0 } from '../contract/fixtures';
import { HIT_PARTITIONS, hitPartition } from '../links/hits';
import type { ShortLink } from '../../schemas';
import type { Store } from '../port';
import { type Faulty, type Mode, withFaultyStore } from './faulty-connection';
import { requireRedisUrl } from './test-support';

const url = requireRedisUrl();
const admin = new Redis(url);
afterAll(() => admin.quit());

const withStore = (run: (store: Store, faulty: Faulty) => Promise<void>) => withFaultyStore(url, admin, run);

/** What the sweeper does: repair and settle every pending create. */
async function sweep(store: Store): Promise<string[]> {
  const repaired: string[] = [];
  for (const id of await store.messages.pendingCreates(new Date(T0 + 3600_000), 100)) {
    const r = await store.messages.repairCreate(id);
    if (r) {
      repaired.push(r.message.id);
      await store.messages.settleCreate(id);
    }
  }
  return repaired;
}

const listed = async (store: Store) => (await store.messages.list({})).items.map((m) => m.id);

/**
 * Every call inside a create with an idempotency key and an outbox fails in turn, before it lands and after. Whatever
 * was left, a retry with the key and the sweeper (in either order, or the sweeper alone) end with exactly one
 * message: listed, holding the key, with its outbox handed out once for the follow-ups.
 */
describe('Redis create: a failure at any call leaves one message, repaired by a retry or the sweeper', () => {
  const points: { n: number; mode: Mode }[] = [];
  for (let n = 1; n <= 12; n++) for (const mode of ['before', 'after'] as const) points.push({ n, mode });
  let covered = 0;
  afterAll(() => {
    console.log(`Redis create: ${covered} injection points covered`);
    expect(covered).toBeGreaterThanOrEqual(8);
  });

  it.each(points)('call $n fails $mode it lands', async ({ n, mode }) => {
    for (const retryFirst of [true, false]) {
      await withStore(async (store, faulty) => {
        const first = message(0);
        faulty.arm(n, mode);
        const r1 = await store.messages
          .create(first, [event(first, 'queued')], { idempotencyKey: 'k', fingerprint: 'f', outbox: 'follow-ups' })
          .then(
            () => 'ok',
            (e: unknown) => e,
          );
        faulty.disarm();
        if (!faulty.fired) {
          expect(r1).toBe('ok');
          return;
        }
        if (retryFirst) covered++;
        expect(r1).toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
        const outboxes: string[] = [];
        let winner: string;
        if (retryFirst) {
          const second = message(1);
          const r2 = await store.messages.create(second, [event(second, 'queued')], {
            idempotencyKey: 'k',
            fingerprint: 'f',
            outbox: 'follow-ups',
          });
          winner = r2.message.id;
          // The retry either created the message (the first never held the key) or got the first with what it
          // still owes.
          if (r2.created) expect(winner).toBe(second.id);
          else {
            expect(winner).toBe(first.id);
            outboxes.push(r2.outbox!);
          }
          if (r2.created) outboxes.push('follow-ups');
          await store.messages.settleCreate(winner);
          expect(await sweep(store)).toEqual([]); // the loser (if any) is discarded, never handed out
        } else {
          const repaired = await sweep(store);
          const r2 = await store.messages.create(message(1), [], {
            idempotencyKey: 'k',
            fingerprint: 'f',
            outbox: 'follow-ups',
          });
          winner = r2.message.id;
          if (repaired.length) {
            expect(repaired).toEqual([first.id]);
            expect(r2.created).toBe(false);
          } else expect(r2.created).toBe(true);
          outboxes.push('follow-ups');
          await store.messages.settleCreate(winner);
        }
        expect(outboxes).toEqual(['follow-ups']);
        expect(await listed(store)).toEqual([winner]);
        expect(await store.messages.pendingCreates(new Date(T0 + 3600_000), 100)).toEqual([]);
        const again = await store.messages.create(message(2), [], { idempotencyKey: 'k', fingerprint: 'f' });
        expect(again).toMatchObject({ created: false, message: { id: winner } });
        expect(again.outbox).toBeUndefined();
      });
    }
  });
});

/**
 * Every call inside a create with an idempotency key and an outbox is sent twice in turn, as a client resends a
 * command whose reply a dropped connection lost. The create still succeeds with its own message: the second reply
 * must not read as another writer's (a resent claim once made a create discard its own, answered message).
 */
describe('Redis create: any call sent twice still creates the message once, and keeps it', () => {
  let covered = 0;
  afterAll(() => {
    console.log(`Redis create: ${covered} resent calls covered`);
    expect(covered).toBeGreaterThanOrEqual(4);
  });

  it.each(Array.from({ length: 12 }, (_, i) => ({ n: i + 1 })))('call $n is sent twice', async ({ n }) => {
    await withStore(async (store, faulty) => {
      const first = message(0);
      faulty.arm(n, 'twice');
      const r1 = await store.messages.create(first, [event(first, 'queued')], {
        idempotencyKey: 'k',
        fingerprint: 'f',
        outbox: 'follow-ups',
      });
      faulty.disarm();
      if (faulty.fired) covered++;
      expect(r1).toMatchObject({ created: true, message: { id: first.id } });
      expect((await store.messages.get(first.id))?.id).toBe(first.id);
      await store.messages.settleCreate(first.id);
      expect(await sweep(store)).toEqual([]);
      expect(await listed(store)).toEqual([first.id]);
      const again = await store.messages.create(message(2), [], { idempotencyKey: 'k', fingerprint: 'f' });
      expect(again).toMatchObject({ created: false, message: { id: first.id } });
    });
  });
});

/** A short link of message msg_1 under `code`, kept five hours. */
function shortLink(code: string, id: string): ShortLink {
  const url = 'https://shop.example.com/o/1';
  const [createdAt, retainUntil] = [T0, T0 + 5 * 3600_000].map((t) => new Date(t).toISOString()) as [string, string];
  return { code, id, messageId: 'msg_1', to: '+14155550123', url, originalUrl: url, createdAt, retainUntil };
}

describe('Redis link create: a resent create keeps the link', () => {
  it('answers created, not "code in use", when its script ran twice', async () => {
    await withStore(async (store, faulty) => {
      const link = shortLink('ResentCode000001', 'lnk_resent');
      faulty.arm(1, 'twice');
      await store.links.create([link]);
      faulty.disarm();
      expect(faulty.fired).toBe(true);
      expect(await store.links.get(link.code)).toEqual(link);
      // A different link under the same code is still a clash.
      await expect(store.links.create([{ ...link, id: 'lnk_other' }])).rejects.toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
      });
    });
  });
});

describe('Redis redirect: a resent visit batch logs its hits once', () => {
  it('logs one hit whichever call of the visit is sent twice', async () => {
    let fired = 0;
    for (let n = 1; n <= 4; n++) {
      await withStore(async (store, faulty) => {
        const link = shortLink('ResentVisit00001', 'lnk_visit');
        await store.links.create([link]);
        faulty.arm(n, 'twice');
        const got = await store.links.visit(link.code, { bot: false, visitor: 'v1', at: T0 + 1 });
        faulty.disarm();
        if (faulty.fired) fired++;
        expect(got).toMatchObject({ code: link.code });
        const partitions = Array.from({ length: HIT_PARTITIONS }, (_, p) => store.links.pendingHits(p, 100));
        const logged = (await Promise.all(partitions)).flat();
        expect(logged.map((h) => [h.code, h.visitor])).toEqual([[link.code, 'v1']]);
      });
    }
    expect(fired).toBeGreaterThanOrEqual(1);
  });

  it('logs each hit once when a batch over several partitions is sent twice', async () => {
    // Links of different partitions, visited in one turn: one script call (on a single node) logs them all.
    const links = Array.from({ length: 12 }, (_, i) => shortLink(`ResentBatch${String(i).padStart(5, '0')}`, `l${i}`));
    const parts = new Set(links.map((l) => hitPartition(l.code)));
    expect(parts.size).toBeGreaterThan(1);
    let fired = 0;
    for (let n = 1; n <= 3; n++) {
      await withStore(async (store, faulty) => {
        await store.links.create(links);
        faulty.arm(n, 'twice');
        const got = await Promise.all(
          links.map((l, i) => store.links.visit(l.code, { bot: false, visitor: `v${i}`, at: T0 })),
        );
        faulty.disarm();
        if (faulty.fired) fired++;
        expect(got.map((l) => l?.code)).toEqual(links.map((l) => l.code));
        const partitions = Array.from({ length: HIT_PARTITIONS }, (_, p) => store.links.pendingHits(p, 100));
        const logged = (await Promise.all(partitions)).flat();
        expect(logged.map((h) => h.visitor).sort()).toEqual(links.map((_, i) => `v${i}`).sort());
      });
    }
    expect(fired).toBeGreaterThanOrEqual(1);
  });
});
