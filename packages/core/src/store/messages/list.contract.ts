import type { Message } from '../../schemas';
import type { MessageFilter } from '../messages/port';
import { allPages, type ContractContext, message, newestFirst, rejection, T0 } from '../contract/fixtures';

/** 24 messages with varied fields; several share a createdAt millisecond to exercise the id tie-break. */
function fleet(): Message[] {
  const statuses = ['queued', 'sent', 'delivered', 'failed'] as const;
  return Array.from({ length: 24 }, (_, i) =>
    message(Math.floor(i / 3) * 1000, {
      status: statuses[i % 4],
      to: i % 2 ? '+14155550123' : '+447700900123',
      from: { deviceId: i % 3 ? 'dev_a' : 'dev_b', sim: i % 4 < 2 ? 1 : 2 },
      campaign: i % 5 === 0 ? 'spring' : undefined,
      tags: i % 6 === 0 ? ['vip', 'reminder'] : ['reminder'],
      reference: `ref-${i % 4}`,
      gateway: i % 2 ? 'sms-gate' : 'httpsms',
    }),
  );
}

const matches = (f: MessageFilter, m: Message): boolean =>
  (f.status === undefined || f.status.includes(m.status)) &&
  (f.to === undefined || m.to === f.to) &&
  (f.deviceId === undefined || m.from?.deviceId === f.deviceId) &&
  (f.sim === undefined || m.from?.sim === f.sim) &&
  (f.campaign === undefined || m.campaign === f.campaign) &&
  (f.tag === undefined || !!m.tags?.includes(f.tag)) &&
  (f.reference === undefined || m.reference === f.reference) &&
  (f.gateway === undefined || m.gateway === f.gateway) &&
  (f.since === undefined || Date.parse(m.createdAt) >= f.since.getTime()) &&
  (f.until === undefined || Date.parse(m.createdAt) < f.until.getTime());

/** Contract: message and inbound listing (order, cursors, filters, bad paging input). */

/** The messageList part of the Store contract (see store/contract.ts). */
export function messageListContract(ctx: ContractContext): void {
  describe('messages: list', () => {
    it('lists newest first (ties by id) across pages with no duplicates or gaps', async () => {
      const all = fleet();
      await Promise.all(all.map((m) => ctx.store.messages.create(m, [])));
      const expected = [...all].sort(newestFirst).map((m) => m.id);
      const { items, pages } = await allPages((p) => ctx.store.messages.list({}, p), 7);
      expect(items.map((m) => m.id)).toEqual(expected);
      expect(pages).toBe(4);
      const exact = await allPages((p) => ctx.store.messages.list({}, p), 8);
      expect(exact.pages).toBe(3); // 24 = 3 x 8: the last full page has no cursor
    });

    it.each<[string, MessageFilter]>([
      ['status', { status: ['sent', 'failed'] }],
      ['to', { to: '+447700900123' }],
      ['deviceId', { deviceId: 'dev_b' }],
      ['sim', { sim: 2 }],
      ['campaign', { campaign: 'spring' }],
      ['tag', { tag: 'vip' }],
      ['reference', { reference: 'ref-3' }],
      ['gateway', { gateway: 'httpsms' }],
      ['since/until', { since: new Date(T0 + 2000), until: new Date(T0 + 5000) }],
      ['several at once', { status: ['queued', 'delivered'], deviceId: 'dev_a', since: new Date(T0 + 1000) }],
      ['nothing matching', { to: '+14155550000' }],
    ])('filters by %s', async (_name, filter) => {
      const all = fleet();
      await Promise.all(all.map((m) => ctx.store.messages.create(m, [])));
      const { items } = await allPages((p) => ctx.store.messages.list(filter, p), 4);
      expect(items.map((m) => m.id)).toEqual(
        all
          .filter((m) => matches(filter, m))
          .sort(newestFirst)
          .map((m) => m.id),
      );
    });

    it('sees status changes in filters (the record is filtered, not a stale index)', async () => {
      const m = message();
      await ctx.store.messages.create(m, []);
      await ctx.store.messages.update(m.id, (c) => ({
        message: { ...c, status: 'sent', from: { deviceId: 'dev_z', sim: 1 } },
        events: [],
      }));
      expect((await ctx.store.messages.list({ status: ['queued'] })).items).toEqual([]);
      expect((await ctx.store.messages.list({ status: ['sent'], deviceId: 'dev_z' })).items.map((x) => x.id)).toEqual([
        m.id,
      ]);
    });

    it('keeps a cursor stable while newer messages arrive', async () => {
      const all = fleet();
      await Promise.all(all.map((m) => ctx.store.messages.create(m, [])));
      const first = await ctx.store.messages.list({}, { limit: 10 });
      await ctx.store.messages.create(message(60_000), []);
      const second = await ctx.store.messages.list({}, { limit: 100, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((m) => m.id)).toEqual([...all].sort(newestFirst).map((m) => m.id));
    });

    it('pages through many messages created in one millisecond by id', async () => {
      const same = Array.from({ length: 30 }, () => message(7000));
      await Promise.all(same.map((m) => ctx.store.messages.create(m, [])));
      const ids = same
        .map((m) => m.id)
        .sort()
        .reverse();
      expect((await allPages((p) => ctx.store.messages.list({}, p), 4)).items.map((m) => m.id)).toEqual(ids);
      expect(
        (await allPages((p) => ctx.store.messages.list({ until: new Date(T0 + 7001) }, p), 3)).items.map((m) => m.id),
      ).toEqual(ids);
    });

    it('bounds the work of one page: a rare match is found by following cursors', async () => {
      const rare = message(0, { campaign: 'rare' });
      await ctx.store.messages.create(rare, []);
      for (let i = 0; i < 1100; i += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => ctx.store.messages.create(message(1 + i + j), [])));
      }
      const first = await ctx.store.messages.list({ campaign: 'rare' }, { limit: 10 });
      expect(first.items).toEqual([]);
      expect(first.nextCursor).toBeDefined();
      expect((await allPages((p) => ctx.store.messages.list({ campaign: 'rare' }, p), 10)).items).toEqual([rare]);
    });

    it('rejects a bad limit or cursor naming the field', async () => {
      for (const limit of [0, 501, 1.5]) {
        expect(await rejection(ctx.store.messages.list({}, { limit }))).toMatchObject({
          code: 'SMSFLEET_ERR_VALIDATION',
          field: 'limit',
        });
      }
      for (const cursor of ['not a cursor!', 'Zm9v', '']) {
        expect(await rejection(ctx.store.messages.list({}, { cursor }))).toMatchObject({
          code: 'SMSFLEET_ERR_VALIDATION',
          field: 'cursor',
        });
      }
    });
  });
}
