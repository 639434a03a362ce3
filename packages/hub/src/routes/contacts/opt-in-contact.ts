import type { Contact } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ContactView, PhoneParams, contactView, phoneReader } from './schemas';

/** `POST /contacts/:phone/opt-in`: lift a number's opt-out. */
export function optInContact(app: ZodApp): void {
  const phoneOf = phoneReader(app);
  app.post(
    '/contacts/:phone/opt-in',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['contacts'],
        summary: 'Opt a contact back in',
        description: "Only do this with the contact's consent (they texted START, or agreed elsewhere).",
        params: PhoneParams,
        response: { 200: ContactView, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const phone = phoneOf(request.params.phone, 'params.phone');
      const at = new Date(app.clock.now()).toISOString();
      const r = await app.store.contacts.upsert(phone, (c) =>
        c && !c.optedOut ? null : ({ ...(c ?? { phone }), optedOut: false, optedInAt: at, source: 'api' } as Contact),
      );
      return contactView(phone, r.value);
    },
  );
}
