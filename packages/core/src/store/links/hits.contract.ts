import type { ShortLink } from '../../schemas';
import { type ContractContext, iso, rejection, T0 } from '../contract/fixtures';
import { hitAfter, hitPartition } from './hits';

let seq = 0;
function link(over: Partial<ShortLink> = {}): ShortLink {
  seq++;
  return {
    code: `Hits${String(seq).padStart(8, '0')}`,
    id: `lnk_h${seq}`,
    messageId: 'msg_1',
    to: '+14155550123',
    url: 'https://shop.example.com/o/1',
    originalUrl: 'https://shop.example.com/o/1',
    createdAt: iso(0),
    retainUntil: iso(5 * 3600_000),
    ...over,
  };
}

/** The hit log part of the links contract: the redirect's one step, then idempotent counting from the log. */
export function hitsContract(ctx: ContractContext): void {
  describe('links: hit log', () => {
    const links = () => ctx.store.links;
    /** Drain the link's partition of everything pending (other tests' hits included) so a test starts clean. */
    async function clean(code: string): Promise<number> {
      const p = hitPartition(code);
      for (;;) {
        const hits = await links().pendingHits(p, 500);
        if (!hits.length) return p;
        await links().ackHits(p, hits[hits.length - 1]!.id);
      }
    }

    it('resolves and logs a hit in one step; an unknown code logs nothing', async () => {
      const a = link({ campaign: 'bf' });
      await links().create([a]);
      const p = await clean(a.code);
      expect(await links().visit(a.code, { bot: false, visitor: 'v1', at: T0 + 5 })).toEqual(a);
      expect(await links().visit(a.code, { bot: true, visitor: 'v2', at: T0 + 6 })).toEqual(a);
      expect(await links().visit('Nope00000000', { bot: false, visitor: 'v', at: T0 })).toBeUndefined();
      expect(await links().visit('../../etc', { bot: false, visitor: 'v', at: T0 })).toBeUndefined();
      const hits = await links().pendingHits(p, 10);
      expect(hits.map(({ code, bot, visitor, at }) => ({ code, bot, visitor, at }))).toEqual([
        { code: a.code, bot: false, visitor: 'v1', at: T0 + 5 },
        { code: a.code, bot: true, visitor: 'v2', at: T0 + 6 },
      ]);
      expect(hitAfter(hits[1]!.id, hits[0]!.id)).toBe(true);
      // Logging is not counting: the counts move only when the log is counted.
      expect(await links().stats(a.code)).toEqual({ total: 0, unique: 0, bots: 0 });
      expect(await rejection(links().visit(a.code, { bot: false, visitor: 'v', at: -1 }))).toMatchObject({
        field: 'hit.at',
      });
    });

    it('counts each logged hit once, however often a batch is counted, and acks up to an id', async () => {
      const a = link();
      await links().create([a]);
      const p = await clean(a.code);
      for (const [bot, visitor] of [
        [true, 'b'],
        [false, 'v1'],
        [false, 'v1'],
        [false, 'v2'],
      ] as const)
        await links().visit(a.code, { bot, visitor, at: T0 });
      const hits = await links().pendingHits(p, 10);
      expect(hits).toHaveLength(4);
      const first = await links().countHits(a.code, p, hits.slice(0, 2));
      expect(first).toEqual({ stats: { total: 1, unique: 1, bots: 1 }, firstClick: hits[1]!.id, announced: '' });
      // The whole batch again (a worker that crashed before acking): only the two new hits count.
      const again = await links().countHits(a.code, p, hits);
      expect(again).toEqual({ stats: { total: 3, unique: 2, bots: 1 }, firstClick: hits[1]!.id, announced: '' });
      expect((await links().countHits(a.code, p, hits))!.stats).toEqual({ total: 3, unique: 2, bots: 1 });
      await links().markAnnounced(a.code, p, hits[2]!.id);
      await links().markAnnounced(a.code, p, hits[1]!.id); // never moves back
      expect((await links().countHits(a.code, p, []))!.announced).toBe(hits[2]!.id);
      await links().ackHits(p, hits[1]!.id);
      expect((await links().pendingHits(p, 10)).map((h) => h.id)).toEqual([hits[2]!.id, hits[3]!.id]);
      await links().ackHits(p, hits[3]!.id);
      expect(await links().pendingHits(p, 10)).toEqual([]);
      expect(await links().countHits('Nope00000000', p, hits)).toBeUndefined();
    });

    it('logs every concurrent hit on one link, in order of distinct ids', async () => {
      const a = link();
      await links().create([a]);
      const p = await clean(a.code);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => links().visit(a.code, { bot: false, visitor: `v${i % 10}`, at: T0 })),
      );
      const hits = await links().pendingHits(p, 100);
      expect(new Set(hits.map((h) => h.id)).size).toBe(40);
      for (let i = 1; i < hits.length; i++) expect(hitAfter(hits[i]!.id, hits[i - 1]!.id)).toBe(true);
      expect((await links().countHits(a.code, p, hits))!.stats).toEqual({ total: 40, unique: 10, bots: 0 });
    });

    it('logs what a visit said when it was made: neither its caller nor a reader of the log changes it', async () => {
      const a = link();
      await links().create([a]);
      const p = await clean(a.code);
      const hit = { bot: false, visitor: 'v1', at: T0 + 1 };
      const logged = links().visit(a.code, hit);
      hit.visitor = 'changed'; // before the store's step finished (Redis logs a turn's visits in one batch)
      await logged;
      const read = await links().pendingHits(p, 10);
      try {
        (read[0] as { visitor: string }).visitor = 'changed'; // the memory store hands out its log's own hits, frozen
      } catch {
        // a frozen hit refuses the change (strict mode)
      }
      const again = await links().pendingHits(p, 10);
      expect(again.map(({ bot, visitor, at }) => ({ bot, visitor, at }))).toEqual([
        { bot: false, visitor: 'v1', at: T0 + 1 },
      ]);
    });

    it('stops resolving a purged link', async () => {
      const old = link({ retainUntil: iso(2 * 3600_000) });
      await links().create([old]);
      expect(await links().visit(old.code, { bot: false, visitor: 'v', at: T0 })).toEqual(old);
      await ctx.store.purgeExpired(new Date(T0 + 3 * 3600_000));
      expect(await links().visit(old.code, { bot: false, visitor: 'v', at: T0 })).toBeUndefined();
    });
  });
}
