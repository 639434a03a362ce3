import type { Contact, Device } from '../../schemas';
import { allPages, type ContractContext, contact, device, iso, rejection, subscription } from './fixtures';

/** Contract: devices, contacts, conversations, subscriptions, API keys. */
export function entityContract(ctx: ContractContext): void {
  describe('devices', () => {
    it('puts, gets, lists in id order, updates and deletes', async () => {
      await ctx.store.devices.put(device('dev_b'));
      await ctx.store.devices.put(device('dev_a'));
      await ctx.store.devices.put(device('dev_b', { name: 'Renamed' }));
      expect((await ctx.store.devices.list()).map((d) => [d.id, d.name])).toEqual([
        ['dev_a', 'Phone dev_a'],
        ['dev_b', 'Renamed'],
      ]);
      const r = await ctx.store.devices.update('dev_a', (d) => ({ ...d, health: 'offline' }));
      expect(r).toEqual({ value: device('dev_a', { health: 'offline' }), changed: true });
      expect(await ctx.store.devices.update('dev_a', () => null)).toEqual({
        value: device('dev_a', { health: 'offline' }),
        changed: false,
      });
      expect(await ctx.store.devices.update('dev_x', (d) => d)).toBeUndefined();
      expect(await ctx.store.devices.delete('dev_a')).toBe(true);
      expect(await ctx.store.devices.delete('dev_a')).toBe(false);
      expect(await ctx.store.devices.get('dev_a')).toBeUndefined();
    });

    it('refuses invalid devices and id changes, keeping what was there', async () => {
      expect(await rejection(ctx.store.devices.put({ ...device('dev_a'), sims: [] }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'device.sims',
      });
      await ctx.store.devices.put(device('dev_a'));
      expect(await rejection(ctx.store.devices.update('dev_a', (d) => ({ ...d, id: 'dev_b' })))).toMatchObject({
        field: 'id',
      });
      expect(
        await rejection(ctx.store.devices.update('dev_a', (d) => ({ ...d, health: 'asleep' as Device['health'] }))),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'device.health' });
      expect(await ctx.store.devices.list()).toEqual([device('dev_a')]);
    });

    it('loses no concurrent update, and returns copies', async () => {
      await ctx.store.devices.put(device('dev_a'));
      await Promise.all(
        Array.from({ length: 20 }, () =>
          ctx.store.devices.update('dev_a', (d) => ({ ...d, consecutiveFailures: d.consecutiveFailures + 1 })),
        ),
      );
      const d = (await ctx.store.devices.get('dev_a'))!;
      expect(d.consecutiveFailures).toBe(20);
      d.sims[0]!.enabled = false;
      (await ctx.store.devices.list())[0]!.name = 'mutated';
      expect(await ctx.store.devices.get('dev_a')).toEqual(device('dev_a', { consecutiveFailures: 20 }));
    });
  });

  describe('contacts', () => {
    const A = '+14155550101';
    const B = '+14155550102';
    const C = '+14155550103';

    it('upserts: fn sees undefined for a new contact, null means no change', async () => {
      const seen: (Contact | undefined)[] = [];
      const r = await ctx.store.contacts.upsert(A, (c) => {
        seen.push(c);
        return contact(A, { firstMessageAt: iso() });
      });
      expect(seen).toEqual([undefined]);
      expect(r).toEqual({ value: contact(A, { firstMessageAt: iso() }), changed: true });
      expect(await ctx.store.contacts.upsert(B, () => null)).toEqual({ value: undefined, changed: false });
      expect(await ctx.store.contacts.get(B)).toBeUndefined();
      const out = await ctx.store.contacts.upsert(A, (c) => ({
        ...c!,
        optedOut: true,
        optedOutAt: iso(1),
        keyword: 'STOP',
        source: 'keyword',
      }));
      expect(out.value).toMatchObject({ phone: A, optedOut: true, firstMessageAt: iso(), keyword: 'STOP' });
      expect(await ctx.store.contacts.get(A)).toEqual(out.value);
      expect(await rejection(ctx.store.contacts.upsert(C, () => contact(B)))).toMatchObject({ field: 'phone' });
      expect(await rejection(ctx.store.contacts.upsert(C, () => contact('0800')))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'contact.phone',
      });
      expect(await ctx.store.contacts.get(C)).toBeUndefined();
    });

    it('lets exactly one of several racing first writes win', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ctx.store.contacts.upsert(A, (c) => (c?.firstMessageAt ? null : contact(A, { firstMessageAt: iso(i) }))),
        ),
      );
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      const winner = results.find((r) => r.changed)!.value!;
      expect(await ctx.store.contacts.get(A)).toEqual(winner);
      expect(results.every((r) => r.value?.firstMessageAt === winner.firstMessageAt)).toBe(true);
      const optOuts = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ctx.store.contacts.upsert(A, (c) =>
            c!.optedOut ? null : { ...c!, optedOut: true, optedOutAt: iso(100 + i) },
          ),
        ),
      );
      expect(optOuts.filter((r) => r.changed)).toHaveLength(1);
      expect(await ctx.store.contacts.get(A)).toEqual(optOuts.find((r) => r.changed)!.value);
    });

    it('lists in phone order with pages, optionally by consent', async () => {
      const phones = Array.from({ length: 12 }, (_, i) => `+1415555${String(2000 + ((i * 7) % 12)).padStart(4, '0')}`);
      for (const [i, p] of phones.entries())
        await ctx.store.contacts.upsert(p, () => contact(p, { optedOut: i % 3 === 0 }));
      const sorted = [...phones].sort();
      expect((await allPages((p) => ctx.store.contacts.list({}, p), 5)).items.map((c) => c.phone)).toEqual(sorted);
      const optedOut = sorted.filter((p) => phones.indexOf(p) % 3 === 0);
      expect(
        (await allPages((p) => ctx.store.contacts.list({ optedOut: true }, p), 2)).items.map((c) => c.phone),
      ).toEqual(optedOut);
      expect(
        (await allPages((p) => ctx.store.contacts.list({ optedOut: false }, p), 2)).items.map((c) => c.phone),
      ).toEqual(sorted.filter((p) => !optedOut.includes(p)));
      await ctx.store.contacts.upsert(optedOut[0]!, (c) => ({ ...c!, optedOut: false, optedInAt: iso(5) }));
      expect((await ctx.store.contacts.list({ optedOut: true })).items.map((c) => c.phone)).toEqual(optedOut.slice(1));
    });
  });

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

  describe('subscriptions', () => {
    it('creates, refuses a duplicate id, lists, updates and deletes', async () => {
      await ctx.store.subscriptions.create(subscription('sub_b'));
      await ctx.store.subscriptions.create(subscription('sub_a'));
      expect(
        await rejection(ctx.store.subscriptions.create(subscription('sub_a', { url: 'https://other.example.com/' }))),
      ).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'subscription.id' });
      expect((await ctx.store.subscriptions.list()).map((s) => [s.id, s.url])).toEqual([
        ['sub_a', 'https://example.com/hooks/sms'],
        ['sub_b', 'https://example.com/hooks/sms'],
      ]);
      await Promise.all(
        Array.from({ length: 15 }, () =>
          ctx.store.subscriptions.update('sub_a', (s) => ({
            ...s,
            consecutiveFailures: s.consecutiveFailures + 1,
            failing: true,
          })),
        ),
      );
      expect(await ctx.store.subscriptions.get('sub_a')).toMatchObject({ consecutiveFailures: 15, failing: true });
      expect(await ctx.store.subscriptions.update('sub_x', (s) => s)).toBeUndefined();
      expect(await ctx.store.subscriptions.delete('sub_a')).toBe(true);
      expect(await ctx.store.subscriptions.delete('sub_a')).toBe(false);
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_b']);
    });

    it('lists what was written last, and a listed record changed by its reader changes nothing stored', async () => {
      await ctx.store.subscriptions.create(subscription('sub_a'));
      const listed = await ctx.store.subscriptions.list();
      try {
        listed[0]!.events.push('sms.received');
        listed[0]!.url = 'https://changed.example.com/';
      } catch {
        /* records may be frozen */
      }
      listed.pop();
      expect(await ctx.store.subscriptions.list()).toEqual([subscription('sub_a')]);
      await ctx.store.subscriptions.update('sub_a', (s) => ({ ...s, failing: true }));
      expect((await ctx.store.subscriptions.list())[0]).toMatchObject({ failing: true });
      await ctx.store.subscriptions.create(subscription('sub_0'));
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_0', 'sub_a']);
      await ctx.store.subscriptions.delete('sub_0');
      expect((await ctx.store.subscriptions.list()).map((s) => s.id)).toEqual(['sub_a']);
    });
  });

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
  });
}

function T1(): number {
  return Date.parse(iso(10_000));
}
