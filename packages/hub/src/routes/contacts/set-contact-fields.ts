import { z } from 'zod';
import { Contact, type Contact as ContactRecord } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ContactView, PhoneParams, contactView, phoneReader } from './schemas';

const FieldsBody = z
  .strictObject({ fields: Contact.shape.fields.unwrap() })
  .describe("The contact's template merge values, replacing the ones stored");

/** `PUT /contacts/:phone/fields`: set the contact's merge values for templates (`{{firstName}}`). */
export function setContactFields(app: ZodApp): void {
  const phoneOf = phoneReader(app);
  app.put(
    '/contacts/:phone/fields',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['contacts'],
        summary: "Set a contact's template fields",
        description:
          'Replaces the stored merge values (`{}` clears them). A templated send to the contact uses them for any ' +
          'field its own `vars` leave out; its consent is untouched.',
        params: PhoneParams,
        body: FieldsBody,
        response: { 200: ContactView, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const phone = phoneOf(request.params.phone, 'params.phone');
      const { fields } = request.body;
      const r = await app.store.contacts.upsert(phone, (c): ContactRecord => {
        const { fields: _old, ...rest } = c ?? { phone, optedOut: false };
        return Object.keys(fields).length ? { ...rest, fields } : rest;
      });
      return contactView(phone, r.value);
    },
  );
}
