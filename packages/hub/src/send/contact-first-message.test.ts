import type { Contact, Store } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, type Rig } from '../testing/pipeline-rig';

/** The store, counting its `contacts.upsert` calls. */
function counting(store: Store) {
  const seen = { upserts: 0 };
  const contacts = new Proxy(store.contacts, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (typeof v !== 'function') return v;
      if (p === 'upsert') seen.upserts++;
      return (v as (...a: unknown[]) => unknown).bind(t);
    },
  });
  const wrapped = new Proxy(store, {
    get(t, p) {
      if (p === 'contacts') return contacts;
      const v = Reflect.get(t, p, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return { store: wrapped, seen };
}

describe.each(storeCases().map((s) => [s.name, s] as const))(
  "a send records the contact's first text once, and writes no contact after that (%s store)",
  (_name, sc) => {
    let r: Rig;
    let c: ReturnType<typeof counting>;
    beforeAll(async () => {
      c = counting(await sc.create());
      r = await rig(c.store);
      const p = r.app.pipeline;
      await Promise.all([p.dispatcher.stop(), p.tracker.stop(), p.sweeper.stop()]);
    });
    afterAll(() => r.close());

    const send = (to: string) =>
      fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to, body: 'Your order ships today.', optOutFooter: true }),
      });

    it('writes firstMessageAt on the first send and nothing on the next ones, which keep it', async () => {
      const to = '+14155550177';
      const before = c.seen.upserts;
      const first = await send(to);
      expect(first.status).toBe(202);
      expect(c.seen.upserts - before).toBe(1);
      const contact = (await r.store.contacts.get(to)) as Contact;
      expect(contact.firstMessageAt).toBeDefined();

      const second = await send(to);
      const third = await send(to);
      expect([second.status, third.status]).toEqual([202, 202]);
      expect(c.seen.upserts - before).toBe(1); // the contact read for the send had it: no write
      expect((await r.store.contacts.get(to))?.firstMessageAt).toBe(contact.firstMessageAt);
      // The footer goes on the first text only.
      const bodies = [(await first.json()) as { body: string }, (await second.json()) as { body: string }];
      expect(bodies[0]!.body).not.toBe(bodies[1]!.body);
      expect(bodies[1]!.body).toBe('Your order ships today.');
    });
  },
);
