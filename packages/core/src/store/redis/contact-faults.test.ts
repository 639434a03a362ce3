import { Redis } from 'ioredis';
import type { Contact } from '../../schemas';
import { withFaultyStore } from './faulty-connection';
import { requireRedisUrl } from './test-support';

const url = requireRedisUrl();
const admin = new Redis(url);
afterAll(() => admin.quit());

const phone = '+15550001111';
/** An opt-out as the API's route writes it: none when the contact is already out. */
const optOut = (c: Contact | undefined): Contact | null =>
  c?.optedOut ? null : { ...(c ?? { phone }), optedOut: true, optedOutAt: '2026-12-07T00:00:00.000Z', source: 'api' };

/**
 * Each call of a contact write sent twice in turn, as ioredis resends a command whose reply a dropped connection lost.
 * The write still answers as the one change it made: read as a conflict, the resent compare-and-set made the caller
 * read its own change back as "nothing to do", and the opt-out route then left `contact.opted_out` unpublished.
 */
describe('Redis contact write: any call sent twice answers the change it made, once', () => {
  let covered = 0;
  afterAll(() => expect(covered).toBeGreaterThanOrEqual(4));

  it.each([1, 2, 3].flatMap((n) => [true, false].map((known) => ({ n, known }))))(
    'call $n is sent twice (a contact before: $known)',
    async ({ n, known }) => {
      await withFaultyStore(url, admin, async (store, faulty) => {
        // Either way the store has made its first reads (its layout), so the calls counted are the write's own.
        if (known) await store.contacts.upsert(phone, () => ({ phone, optedOut: false }));
        else await store.contacts.get('+15550002222');
        faulty.arm(n, 'twice');
        const r = await store.contacts.upsert(phone, optOut);
        faulty.disarm();
        if (faulty.fired) covered++;
        expect(r).toMatchObject({ changed: true, value: { phone, optedOut: true, source: 'api' } });
        expect(await store.contacts.get(phone)).toEqual(r.value);
        const out = await store.contacts.list({ optedOut: true });
        expect(out.items.map((c) => c.phone)).toEqual([phone]);
        // A second opt-out is no change, and an opt-in after it is one.
        expect(await store.contacts.upsert(phone, optOut)).toMatchObject({ changed: false });
        const back = await store.contacts.upsert(phone, (c) => (c ? { ...c, optedOut: false } : null));
        expect(back).toMatchObject({ changed: true, value: { optedOut: false } });
      });
    },
  );
});
