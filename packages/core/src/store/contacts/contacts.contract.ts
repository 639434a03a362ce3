import type { Contact } from '../../schemas';
import { allPages, type ContractContext, contact, iso, rejection } from '../contract/fixtures';

/** The contacts part of the Store contract (see store/contract.ts). */
export function contactsContract(ctx: ContractContext): void {
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

    it("keeps a contact's template fields, and refuses bad ones by name", async () => {
      await ctx.store.contacts.upsert(A, () => contact(A, { fields: { firstName: 'Ada', city: 'Paris' } }));
      expect((await ctx.store.contacts.get(A))?.fields).toEqual({ firstName: 'Ada', city: 'Paris' });
      expect(await rejection(ctx.store.contacts.upsert(A, (c) => ({ ...c!, fields: { '': 'x' } })))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: expect.stringMatching(/^contact\.fields/),
      });
      expect((await ctx.store.contacts.get(A))?.fields).toEqual({ firstName: 'Ada', city: 'Paris' });
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

    it('upserts on the current contact, whatever known copy the caller hands it', async () => {
      const first = iso(5);
      // A copy saying "no contact yet" that is stale: fn is called again with the stored one, and keeps its date.
      await ctx.store.contacts.upsert(A, () => contact(A, { firstMessageAt: iso() }));
      const setFirst = (c: Contact | undefined) =>
        c?.firstMessageAt ? null : { ...(c ?? contact(A)), firstMessageAt: first };
      expect(await ctx.store.contacts.upsert(A, setFirst, null)).toEqual({
        value: contact(A, { firstMessageAt: iso() }),
        changed: false,
      });
      // A stale copy that makes fn decide "no change" is not the last word: the stored contact still gets its date.
      await ctx.store.contacts.upsert(B, () => contact(B));
      const r = await ctx.store.contacts.upsert(
        B,
        (c) => (c?.firstMessageAt ? null : { ...c!, firstMessageAt: first }),
        {
          ...contact(B),
          firstMessageAt: iso(),
        },
      );
      expect(r).toEqual({ value: contact(B, { firstMessageAt: first }), changed: true });
      // A current copy (none yet) is applied.
      expect(
        await ctx.store.contacts.upsert(C, (c) => ({ ...(c ?? contact(C)), firstMessageAt: first }), null),
      ).toEqual({ value: contact(C, { firstMessageAt: first }), changed: true });
      expect(await ctx.store.contacts.get(C)).toEqual(contact(C, { firstMessageAt: first }));
    });
  });
}
