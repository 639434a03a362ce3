import type { ShortLink } from '../../schemas';
import { type ContractContext, iso, rejection, T0 } from '../contract/fixtures';
import { hitsContract } from './hits.contract';

let seq = 0;
function link(over: Partial<ShortLink> = {}): ShortLink {
  seq++;
  return {
    code: `Code${String(seq).padStart(8, '0')}`,
    id: `lnk_${seq}`,
    messageId: 'msg_1',
    to: '+14155550123',
    url: 'https://shop.example.com/o/1',
    originalUrl: 'https://shop.example.com/o/1',
    createdAt: iso(0),
    retainUntil: iso(5 * 3600_000),
    ...over,
  };
}

/** The links part of the Store contract (see store/contract.ts). */
export function linksContract(ctx: ContractContext): void {
  hitsContract(ctx);
  describe('links', () => {
    it('creates, gets, and returns copies; unknown and malformed codes are undefined', async () => {
      const a = link({ campaign: 'bf' });
      const b = link();
      await ctx.store.links.create([a, b]);
      expect(await ctx.store.links.get(a.code)).toEqual(a);
      (await ctx.store.links.get(a.code))!.url = 'https://evil.example.com';
      expect((await ctx.store.links.get(a.code))!.url).toBe(a.url);
      expect(await ctx.store.links.get('Nope00000000')).toBeUndefined();
      expect(await ctx.store.links.get('../../etc')).toBeUndefined();
      expect(await ctx.store.links.stats(b.code)).toEqual({ total: 0, unique: 0, bots: 0 });
      expect(await ctx.store.links.stats('Nope00000000')).toBeUndefined();
    });

    it('refuses invalid links and codes in use, naming the field', async () => {
      expect(await rejection(ctx.store.links.create([{ ...link(), url: 'javascript:alert(1)' }]))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'links.0.url',
      });
      const a = link();
      await ctx.store.links.create([a]);
      expect(await rejection(ctx.store.links.create([link(), { ...link(), code: a.code }]))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'links.1.code',
      });
      expect((await ctx.store.links.get(a.code))!.id).toBe(a.id);
    });

    it('counts clicks, unique visitors and bot hits separately', async () => {
      const a = link();
      await ctx.store.links.create([a]);
      const hit = (bot: boolean, visitor: string) => ctx.store.links.recordHit(a.code, { bot, visitor });
      expect(await hit(false, 'v1')).toEqual({ stats: { total: 1, unique: 1, bots: 0 }, newVisitor: true });
      expect(await hit(false, 'v1')).toEqual({ stats: { total: 2, unique: 1, bots: 0 }, newVisitor: false });
      expect(await hit(true, 'v2')).toEqual({ stats: { total: 2, unique: 1, bots: 1 }, newVisitor: false });
      expect(await hit(false, 'v2')).toEqual({ stats: { total: 3, unique: 2, bots: 1 }, newVisitor: true });
      expect(await ctx.store.links.recordHit('Nope00000000', { bot: false, visitor: 'v' })).toBeUndefined();
      expect(await rejection(ctx.store.links.recordHit(a.code, { bot: 'no' as never, visitor: 'v' }))).toMatchObject({
        field: 'hit.bot',
      });
    });

    it('loses no concurrent hit and counts each visitor once', async () => {
      const a = link();
      await ctx.store.links.create([a]);
      const r = await Promise.all(
        Array.from({ length: 40 }, (_, i) => ctx.store.links.recordHit(a.code, { bot: false, visitor: `v${i % 10}` })),
      );
      expect(await ctx.store.links.stats(a.code)).toEqual({ total: 40, unique: 10, bots: 0 });
      expect(r.filter((x) => x!.newVisitor)).toHaveLength(10);
    });

    it('purges links after their retention', async () => {
      const old = link({ retainUntil: iso(2 * 3600_000) });
      const kept = link({ retainUntil: iso(9 * 3600_000) });
      await ctx.store.links.create([old, kept]);
      await ctx.store.links.recordHit(old.code, { bot: false, visitor: 'v' });
      expect(await ctx.store.purgeExpired(new Date(T0 + 3 * 3600_000))).toMatchObject({ links: 1 });
      expect(await ctx.store.links.get(old.code)).toBeUndefined();
      expect(await ctx.store.links.stats(old.code)).toBeUndefined();
      expect(await ctx.store.links.get(kept.code)).toEqual(kept);
    });
  });
}
