import { type ContractContext, T0, event, iso, message, rejection } from '../contract/fixtures';

/** Contract: a create's outbox (follow-ups kept with the message until settled), its repair and the sweeper's list. */
export function outboxContract(ctx: ContractContext): void {
  const repo = () => ctx.store.messages;
  const later = new Date(T0 + 3600_000);

  describe('messages: create outbox', () => {
    it('keeps the outbox with the message until settled, and lists it for the sweeper', async () => {
      const m = message(0);
      const plain = message(10);
      expect(await repo().create(m, [event(m, 'queued')], { outbox: '{"send":1}' })).toEqual({
        message: { ...m, version: 0 },
        created: true,
        fingerprintMatches: true,
      });
      await repo().create(plain, []);
      expect(await repo().pendingCreates(later, 10)).toEqual([m.id]);
      expect(await repo().pendingCreates(new Date(T0), 10)).toEqual([]); // created at T0: not before it
      expect(await repo().repairCreate(m.id)).toEqual({ message: { ...m, version: 0 }, outbox: '{"send":1}' });
      expect(await repo().repairCreate(plain.id)).toBeUndefined();
      await repo().settleCreate(m.id);
      await repo().settleCreate(m.id); // twice: no-op
      expect(await repo().pendingCreates(later, 10)).toEqual([]);
      expect(await repo().repairCreate(m.id)).toBeUndefined();
      expect(await repo().get(m.id)).toEqual({ ...m, version: 0 });
      expect((await repo().list({})).items.map((x) => x.id)).toEqual([plain.id, m.id]);
    });

    it('lists pending creates oldest first, up to the limit', async () => {
      const ms = [message(300), message(100), message(200)];
      for (const m of ms) await repo().create(m, [], { outbox: 'x' });
      expect(await repo().pendingCreates(later, 2)).toEqual([ms[1]!.id, ms[2]!.id]);
      expect(await repo().pendingCreates(new Date(T0 + 250), 10)).toEqual([ms[1]!.id, ms[2]!.id]);
      expect(await rejection(repo().pendingCreates(later, 0))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'limit',
      });
    });

    it('hands a pending outbox to a repeat with the same key, and none once settled', async () => {
      const m = message(0);
      await repo().create(m, [], { idempotencyKey: 'k-1', fingerprint: 'f', outbox: 'todo' });
      const again = await repo().create(message(5), [], { idempotencyKey: 'k-1', fingerprint: 'f', outbox: 'todo-2' });
      expect(again).toEqual({
        message: { ...m, version: 0 },
        created: false,
        fingerprintMatches: true,
        outbox: 'todo',
      });
      expect(await repo().pendingCreates(later, 10)).toEqual([m.id]); // the repeat's own outbox is not kept
      await repo().settleCreate(m.id);
      expect(
        await repo().create(message(6), [], { idempotencyKey: 'k-1', fingerprint: 'f', outbox: 'todo-3' }),
      ).toEqual({ message: { ...m, version: 0 }, created: false, fingerprintMatches: true });
      expect((await repo().list({})).items.map((x) => x.id)).toEqual([m.id]);
    });

    it('refuses an empty outbox and writes nothing', async () => {
      const m = message();
      expect(await rejection(repo().create(m, [], { outbox: '' }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'outbox',
      });
      expect(await repo().get(m.id)).toBeUndefined();
      expect(await repo().pendingCreates(later, 10)).toEqual([]);
    });

    it('purges a pending create with its message', async () => {
      const m = message(0, { retainUntil: iso(1000) });
      await repo().create(m, [], { outbox: 'x' });
      await ctx.store.purgeExpired(new Date(T0 + 2000));
      expect(await repo().repairCreate(m.id)).toBeUndefined();
      expect(await repo().pendingCreates(later, 10)).toEqual([]);
    });
  });
}
