import { type ContractContext, iso, rejection } from '../contract/fixtures';

/** The apiKeys part of the Store contract (see store/contract.ts). */
export function apiKeysContract(ctx: ContractContext): void {
  describe('API keys', () => {
    const h = (c: string) => c.repeat(64);
    it('finds keys by hash, lists, revokes, and re-indexes a replaced hash', async () => {
      await ctx.store.apiKeys.put({ id: 'key_a', name: 'n8n', hash: h('a'), createdAt: iso() });
      await ctx.store.apiKeys.put({ id: 'key_b', name: 'zapier', hash: h('b'), createdAt: iso() });
      expect(await ctx.store.apiKeys.byHash(h('a'))).toEqual({
        id: 'key_a',
        name: 'n8n',
        hash: h('a'),
        createdAt: iso(),
      });
      expect(await ctx.store.apiKeys.byHash(h('c'))).toBeUndefined();
      expect(await ctx.store.apiKeys.revoke('key_a', new Date(T1()))).toBe(true);
      expect(await ctx.store.apiKeys.revoke('key_a', new Date(T1() + 5000))).toBe(true);
      expect((await ctx.store.apiKeys.byHash(h('a')))!.revokedAt).toBe(new Date(T1()).toISOString());
      expect(await ctx.store.apiKeys.revoke('key_x', new Date())).toBe(false);
      await ctx.store.apiKeys.put({ id: 'key_b', name: 'zapier', hash: h('d'), createdAt: iso() });
      expect(await ctx.store.apiKeys.byHash(h('b'))).toBeUndefined();
      expect((await ctx.store.apiKeys.byHash(h('d')))!.id).toBe('key_b');
      expect((await ctx.store.apiKeys.list()).map((k) => k.id)).toEqual(['key_a', 'key_b']);
      expect(
        await rejection(ctx.store.apiKeys.put({ id: 'key_c', name: 'x', hash: 'plain-text-key', createdAt: iso() })),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'key.hash' });
      expect(await ctx.store.apiKeys.list()).toHaveLength(2);
    });

    it('keeps scopes and expiry, and moves lastUsedAt forward only', async () => {
      const key = { id: 'key_s', name: 'zap', hash: h('e'), createdAt: iso(), scopes: ['send', 'read'] as const };
      await ctx.store.apiKeys.put({ ...key, scopes: [...key.scopes], expiresAt: iso(60_000) });
      expect(await ctx.store.apiKeys.touch('key_s', new Date(T1()))).toBe(true);
      expect(await ctx.store.apiKeys.touch('key_s', new Date(T1() - 1000))).toBe(true);
      expect(await ctx.store.apiKeys.byHash(h('e'))).toEqual({
        ...key,
        scopes: ['send', 'read'],
        expiresAt: iso(60_000),
        lastUsedAt: new Date(T1()).toISOString(),
      });
      expect(await ctx.store.apiKeys.touch('key_x', new Date(T1()))).toBe(false);
      expect(
        await rejection(ctx.store.apiKeys.put({ ...key, id: 'key_t', hash: h('f'), scopes: ['root' as 'admin'] })),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION' });
    });
  });
}

function T1(): number {
  return Date.parse(iso(10_000));
}
