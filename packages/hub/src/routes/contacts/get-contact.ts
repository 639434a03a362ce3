import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ContactView, PhoneParams, contactView, phoneReader } from './schemas';

/** `GET /contacts/:phone`: a number's consent, known or not. */
export function getContact(app: ZodApp): void {
  const phoneOf = phoneReader(app);
  app.get(
    '/contacts/:phone',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['contacts'],
        summary: "Get a contact's consent",
        description: 'Answers for any valid number; `known: false` when the hub knows nothing of it.',
        params: PhoneParams,
        response: { 200: ContactView, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const phone = phoneOf(request.params.phone, 'params.phone');
      return contactView(phone, await app.store.contacts.get(phone));
    },
  );
}
