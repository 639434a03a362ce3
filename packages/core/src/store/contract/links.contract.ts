import type { ShortLink } from '../../schemas';
import { T0, iso, rejection, type ContractContext } from './fixtures';

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

/** Contract: short links with their click counts, and bindings. */
export function linkContract(ctx: ContractContext): void {
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

  describe('bindings', () => {
    it('binds once: the first writer wins and later claims get its value', async () => {
      expect(await ctx.store.bindings.claim('slack:T1:C1', '+14155550123', '1700.1')).toEqual({
        value: '1700.1',
        created: true,
      });
      expect(await ctx.store.bindings.claim('slack:T1:C1', '+14155550123', '1700.2')).toEqual({
        value: '1700.1',
        created: false,
      });
      expect(await ctx.store.bindings.get('slack:T1:C1', '+14155550123')).toBe('1700.1');
      expect(await ctx.store.bindings.get('slack:T1:C2', '+14155550123')).toBeUndefined();
    });

    it('has exactly one winner among concurrent claims', async () => {
      const r = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.store.bindings.claim('ns', 'k', `v${i}`)));
      expect(r.filter((x) => x.created)).toHaveLength(1);
      expect(new Set(r.map((x) => x.value)).size).toBe(1);
    });

    it('lets a claim with a ttl expire', async () => {
      // The ttl runs on the store's real clock: long enough that a loaded machine still makes the second claim
      // inside it, then wait for the expiry itself rather than a fixed sleep.
      const ttl = 1_500;
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(true);
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(false);
      const giveUp = Date.now() + 30_000;
      while ((await ctx.store.bindings.get('dedupe', 'evt1')) !== undefined && Date.now() < giveUp)
        await new Promise((r) => setTimeout(r, 50));
      expect(await ctx.store.bindings.get('dedupe', 'evt1')).toBeUndefined();
      expect((await ctx.store.bindings.claim('dedupe', 'evt1', '1', ttl)).created).toBe(true);
    });

    it('refuses bad names and values, naming the field', async () => {
      expect(await rejection(ctx.store.bindings.claim('bad ns', 'k', 'v'))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'namespace',
      });
      expect(await rejection(ctx.store.bindings.claim('ns', '{k}', 'v'))).toMatchObject({ field: 'key' });
      expect(await rejection(ctx.store.bindings.claim('ns', 'k', ''))).toMatchObject({ field: 'value' });
      expect(await rejection(ctx.store.bindings.get('ns', ''))).toMatchObject({ field: 'key' });
    });
  });
}
