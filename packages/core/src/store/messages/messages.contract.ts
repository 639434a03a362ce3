import type { Message } from '../../schemas';
import { type ContractContext, T0, event, iso, message, rejection } from '../contract/fixtures';

/** Contract: create, get, update (atomic with events), idempotency, gateway links, copies. */
export function messageContract(ctx: ContractContext): void {
  describe('messages: create, get, update', () => {
    it('creates a message with its first events and reads both back', async () => {
      const m = message(0, { version: 7 });
      const r = await ctx.store.messages.create(m, [event(m, 'queued')]);
      expect(r).toEqual({ message: { ...m, version: 0 }, created: true, fingerprintMatches: true });
      expect(await ctx.store.messages.get(m.id)).toEqual({ ...m, version: 0 });
      expect((await ctx.store.messages.events(m.id)).map((e) => e.status)).toEqual(['queued']);
      expect(await ctx.store.messages.get('msg_unknown')).toBeUndefined();
      expect(await ctx.store.messages.events('msg_unknown')).toEqual([]);
    });

    it('refuses invalid records with the field named, and writes nothing', async () => {
      const bad = { ...message(), to: '12345' } as Message;
      expect(await rejection(ctx.store.messages.create(bad, []))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'message.to',
      });
      const m = message();
      const other = message(1);
      expect(await rejection(ctx.store.messages.create(m, [event(other, 'queued')]))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'events.0.messageId',
      });
      expect(await ctx.store.messages.get(bad.id)).toBeUndefined();
      expect(await ctx.store.messages.get(m.id)).toBeUndefined();
      expect((await ctx.store.messages.list({})).items).toEqual([]);
    });

    it('refuses a second message with an id in use and keeps the first', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      expect(await rejection(ctx.store.messages.create({ ...m, body: 'other' }, []))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'message.id',
      });
      expect((await ctx.store.messages.get(m.id))!.body).toBe(m.body);
      expect((await ctx.store.messages.list({})).items).toHaveLength(1);
    });

    it('updates atomically: bumps version and appends the events with the change', async () => {
      const m = message();
      await ctx.store.messages.create(m, [event(m, 'queued')]);
      const sent = event(m, 'sent', 1000, { source: 'gateway', gateway: 'sms-gate' });
      const r = await ctx.store.messages.update(m.id, (cur) => ({
        message: { ...cur, status: 'sent', sentAt: sent.at },
        events: [sent],
      }));
      expect(r).toEqual({
        value: { ...m, status: 'sent', sentAt: sent.at, version: 1 },
        changed: true,
        events: [sent],
      });
      expect(await ctx.store.messages.get(m.id)).toEqual(r!.value);
      expect(await ctx.store.messages.events(m.id)).toEqual([expect.objectContaining({ status: 'queued' }), sent]);
    });

    it('re-indexes a message whose createdAt an update moves: list order and time filters follow it', async () => {
      const a = message(0);
      const b = message(1000);
      for (const m of [a, b]) await ctx.store.messages.create(m, []);
      await ctx.store.messages.update(a.id, (c) => ({ message: { ...c, createdAt: iso(2000) }, events: [] }));
      expect((await ctx.store.messages.list({})).items.map((m) => m.id)).toEqual([a.id, b.id]);
      expect((await ctx.store.messages.list({ since: new Date(T0 + 1500) })).items.map((m) => m.id)).toEqual([a.id]);
      expect((await ctx.store.messages.list({ until: new Date(T0 + 500) })).items).toEqual([]);
      expect(await ctx.store.messages.get(a.id)).toMatchObject({ createdAt: iso(2000), version: 1 });
    });

    it('treats null as no change, and an unknown id as undefined', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      const r = await ctx.store.messages.update(m.id, (cur) => {
        cur.status = 'failed';
        return null;
      });
      expect(r).toEqual({ value: { ...m, version: 0 }, changed: false, events: [] });
      expect((await ctx.store.messages.get(m.id))!.status).toBe('queued');
      expect(
        await ctx.store.messages.update('msg_unknown', () => {
          throw new Error('must not be called');
        }),
      ).toBeUndefined();
    });

    it('writes nothing when the update function throws or returns an invalid message', async () => {
      const m = message();
      await ctx.store.messages.create(m, [event(m, 'queued')]);
      const boom = new Error('boom');
      await expect(
        ctx.store.messages.update(m.id, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(
        await rejection(
          ctx.store.messages.update(m.id, (cur) => ({
            message: { ...cur, status: 'arrived' as never },
            events: [event(cur, 'sent')],
          })),
        ),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'message.status' });
      expect(
        await rejection(
          ctx.store.messages.update(m.id, (cur) => ({ message: { ...cur, id: 'msg_other' }, events: [] })),
        ),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'id' });
      expect(await ctx.store.messages.get(m.id)).toEqual({ ...m, version: 0 });
      expect(await ctx.store.messages.events(m.id)).toHaveLength(1);
    });

    it('validates what an update function changed in place, nested fields too, and drops unknown keys', async () => {
      const m = message(0, { from: { deviceId: 'dev_a', sim: 1 } });
      await ctx.store.messages.create(m, []);
      expect(
        await rejection(
          ctx.store.messages.update(m.id, (cur) => {
            cur.from!.sim = 7;
            return { message: cur, events: [] };
          }),
        ),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'message.from.sim' });
      expect((await ctx.store.messages.get(m.id))!.from).toEqual({ deviceId: 'dev_a', sim: 1 });
      const r = await ctx.store.messages.update(m.id, (cur) => {
        cur.from!.sim = 2;
        return { message: { ...cur, junk: 'dropped', from: { ...cur.from!, extra: 1 } } as Message, events: [] };
      });
      expect(r!.value).toEqual({ ...m, from: { deviceId: 'dev_a', sim: 2 }, version: 1 });
      expect(await ctx.store.messages.get(m.id)).toEqual(r!.value);
    });

    it('applies an update to the current message, whatever known copy the caller hands it', async () => {
      const m = message();
      const { message: created } = await ctx.store.messages.create(m, []);
      const a = await ctx.store.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }));
      // A stale copy (version 0) must not win over the write it missed: fn sees the current message.
      const seen: number[] = [];
      const b = await ctx.store.messages.update(
        m.id,
        (c) => {
          seen.push(c.attempts);
          return { message: { ...c, attempts: c.attempts + 1 }, events: [event(c, 'pending')] };
        },
        created,
      );
      expect(seen.at(-1)).toBe(1);
      expect(b!.value).toMatchObject({ attempts: 2, version: 2 });
      // A current copy (the last update's value) is applied as is.
      const c2 = await ctx.store.messages.update(
        m.id,
        (c) => ({ message: { ...c, attempts: 9 }, events: [] }),
        b!.value,
      );
      expect(c2!.value).toMatchObject({ attempts: 9, version: 3 });
      expect(await ctx.store.messages.get(m.id)).toEqual(c2!.value);
      expect(await ctx.store.messages.events(m.id)).toHaveLength(1);
      expect(a!.value.version).toBe(1);
      // Another message's copy is no hint for this one, and an unknown id stays unknown.
      const other = message(1);
      await ctx.store.messages.create(other, []);
      const d = await ctx.store.messages.update(m.id, (c) => ({ message: c, events: [] }), { ...other, version: 3 });
      expect(d!.value).toMatchObject({ id: m.id, attempts: 9 });
      expect(
        await ctx.store.messages.update('msg_unknown', (c) => ({ message: c, events: [] }), c2!.value),
      ).toBeUndefined();
    });

    it('loses no update under concurrent read-modify-writes', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      const n = 25;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          ctx.store.messages.update(m.id, (cur) => ({
            message: { ...cur, attempts: cur.attempts + 1 },
            events: [event(cur, 'pending', i)],
          })),
        ),
      );
      const after = await ctx.store.messages.get(m.id);
      expect(after).toMatchObject({ attempts: n, version: n });
      expect(await ctx.store.messages.events(m.id)).toHaveLength(n);
    });

    it('returns copies: mutating a result or an input never changes the store', async () => {
      const m = message();
      const ev = [event(m, 'queued')];
      const created = await ctx.store.messages.create(m, ev);
      m.body = 'mutated input';
      ev[0]!.status = 'failed';
      created.message.body = 'mutated result';
      const got = (await ctx.store.messages.get(m.id))!;
      got.body = 'mutated get';
      (await ctx.store.messages.list({})).items[0]!.body = 'mutated list';
      (await ctx.store.messages.events(m.id))[0]!.status = 'failed';
      const upd = await ctx.store.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }));
      upd!.value.attempts = 99;
      expect(await ctx.store.messages.get(m.id)).toMatchObject({ body: 'Your order A-1042 ships today.', attempts: 1 });
      expect((await ctx.store.messages.events(m.id))[0]!.status).toBe('queued');
    });
  });

  describe('messages: idempotency', () => {
    it('returns the first message for a second create with the same key, and compares fingerprints', async () => {
      const a = message(0);
      const b = message(1);
      const first = await ctx.store.messages.create(a, [], { idempotencyKey: 'k1', fingerprint: 'f1' });
      expect(first.created).toBe(true);
      await ctx.store.messages.update(a.id, (c) => ({ message: { ...c, status: 'sent' }, events: [] }));
      const again = await ctx.store.messages.create(b, [], { idempotencyKey: 'k1', fingerprint: 'f1' });
      expect(again).toEqual({
        message: { ...a, status: 'sent', version: 1 },
        created: false,
        fingerprintMatches: true,
      });
      const other = await ctx.store.messages.create(message(2), [], { idempotencyKey: 'k1', fingerprint: 'f2' });
      expect(other).toMatchObject({ created: false, fingerprintMatches: false, message: { id: a.id } });
      expect(await ctx.store.messages.get(b.id)).toBeUndefined();
      expect((await ctx.store.messages.create(message(3), [], { idempotencyKey: 'k2' })).created).toBe(true);
      expect((await ctx.store.messages.list({})).items).toHaveLength(2);
    });

    it('makes exactly one message when creates with one key race', async () => {
      const ms = Array.from({ length: 12 }, (_, i) => message(i));
      const results = await Promise.all(
        ms.map((m) => ctx.store.messages.create(m, [event(m, 'queued')], { idempotencyKey: 'race', fingerprint: 'f' })),
      );
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id))).toEqual(new Set([winners[0]!.message.id]));
      expect(results.every((r) => r.fingerprintMatches)).toBe(true);
      const listed = (await ctx.store.messages.list({})).items;
      expect(listed.map((m) => m.id)).toEqual([winners[0]!.message.id]);
      const losers = ms.filter((m) => m.id !== winners[0]!.message.id);
      for (const l of losers) expect(await ctx.store.messages.get(l.id)).toBeUndefined();
    });

    it('forgets a key after its TTL', async () => {
      await ctx.store.messages.create(message(0), [], { idempotencyKey: 'short', idempotencyTtlMs: 30 });
      const deadline = Date.now() + 5000;
      let created = false;
      for (let i = 1; !created && Date.now() < deadline; i++) {
        created = (await ctx.store.messages.create(message(i), [], { idempotencyKey: 'short', idempotencyTtlMs: 30 }))
          .created;
        if (!created) await new Promise((r) => setTimeout(r, 5));
      }
      expect(created).toBe(true);
    });
  });

  describe('messages: gateway id links', () => {
    it('finds a message by its gateway id, per gateway', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      await ctx.store.messages.linkGatewayId('sms-gate', 'gw-1', m.id);
      expect(await ctx.store.messages.byGatewayId('sms-gate', 'gw-1')).toBe(m.id);
      expect(await ctx.store.messages.byGatewayId('httpsms', 'gw-1')).toBeUndefined();
      expect(await ctx.store.messages.byGatewayId('sms-gate', 'gw-2')).toBeUndefined();
    });

    it('refuses to link an unknown message', async () => {
      expect(await rejection(ctx.store.messages.linkGatewayId('sms-gate', 'gw-9', 'msg_unknown'))).toMatchObject({
        code: 'SMSFLEET_ERR_NOT_FOUND',
        field: 'messageId',
      });
      expect(await ctx.store.messages.byGatewayId('sms-gate', 'gw-9')).toBeUndefined();
    });
  });
}
