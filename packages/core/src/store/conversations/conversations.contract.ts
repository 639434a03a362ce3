import { type ContractContext, iso, rejection } from '../contract/fixtures';

/** The conversations part of the Store contract (see store/contract.ts). */
export function conversationsContract(ctx: ContractContext): void {
  describe('conversations', () => {
    const P = '+14155550111';
    it('gets by contact and SIM, and remembers the latest written', async () => {
      expect(await ctx.store.conversations.latest(P)).toBeUndefined();
      await ctx.store.conversations.put({ contact: P, deviceId: 'dev_a', sim: 1, lastSentAt: iso(1) });
      await ctx.store.conversations.put({ contact: P, deviceId: 'dev_b', sim: 2, lastSentAt: iso(2) });
      expect(await ctx.store.conversations.get(P, 'dev_a', 1)).toEqual({
        contact: P,
        deviceId: 'dev_a',
        sim: 1,
        lastSentAt: iso(1),
      });
      expect(await ctx.store.conversations.get(P, 'dev_a', 2)).toBeUndefined();
      expect(await ctx.store.conversations.latest(P)).toMatchObject({ deviceId: 'dev_b', sim: 2 });
      await ctx.store.conversations.put({ contact: P, deviceId: 'dev_a', sim: 1, lastSentAt: iso(3) });
      expect(await ctx.store.conversations.latest(P)).toEqual({
        contact: P,
        deviceId: 'dev_a',
        sim: 1,
        lastSentAt: iso(3),
      });
      expect(await ctx.store.conversations.latest('+14155550112')).toBeUndefined();
      expect(await rejection(ctx.store.conversations.put({ contact: P, deviceId: 'dev_c', sim: 3 }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'conversation.sim',
      });
      expect(await ctx.store.conversations.latest(P)).toMatchObject({ deviceId: 'dev_a' });
    });
  });
}
