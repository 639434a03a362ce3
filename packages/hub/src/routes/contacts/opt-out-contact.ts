import { z } from 'zod';
import { doc, newId, type Contact } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ContactView, PhoneParams, contactView, phoneReader } from './schemas';

const OptOutBody = z
  .strictObject({
    keyword: doc(z.string().min(1).max(20).optional(), 'What the contact said, when known', 'STOP'),
  })
  .nullish()
  .describe('Details of the opt-out (optional; fastify hands a missing body over as null)');

/** `POST /contacts/:phone/opt-out`: suppress texts to a number, emitting `contact.opted_out` when it changed. */
export function optOutContact(app: ZodApp): void {
  const phoneOf = phoneReader(app);
  app.post(
    '/contacts/:phone/opt-out',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['contacts'],
        summary: 'Opt a contact out',
        description:
          'Later sends to the number are refused with SMSFLEET_ERR_OPTED_OUT. ' +
          'Emits `contact.opted_out` (source `api`) when consent changed.',
        params: PhoneParams,
        body: OptOutBody,
        response: { 200: ContactView, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const phone = phoneOf(request.params.phone, 'params.phone');
      const now = new Date(app.clock.now());
      const at = now.toISOString();
      const keyword = request.body?.keyword;
      const r = await app.store.contacts.upsert(phone, (c) =>
        c?.optedOut
          ? null
          : ({
              ...(c ?? { phone }),
              optedOut: true,
              optedOutAt: at,
              source: 'api',
              ...(keyword ? { keyword } : {}),
            } as Contact),
      );
      if (r.changed) {
        await app.webhooks.publisher.publish({
          id: newId('evt', now),
          type: 'contact.opted_out',
          timestamp: at,
          data: { phone, source: 'api', at, ...(keyword ? { keyword } : {}) },
        });
      }
      return contactView(phone, r.value);
    },
  );
}
