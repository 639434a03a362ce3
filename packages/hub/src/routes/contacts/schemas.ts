import { z } from 'zod';
import { Contact, doc, normalizePhone, type CountryCode } from '@smsfleet/core';
import type { ZodApp } from '../zod-app';

/** A contact as the API shows it, known or not. */
export const ContactView = Contact.extend({
  known: doc(z.boolean(), 'False for a number the hub has never texted, heard from or had consent for', true),
}).describe('A contact and their consent');

/** `/contacts/:phone` */
export const PhoneParams = z.strictObject({
  phone: doc(z.string().min(1).max(32), 'Phone number (E.164; URL-encode the +)', '+14155550123'),
});

/** A contact's view: the stored contact, or an unknown one that has not opted out. */
export function contactView(phone: string, c: Contact | undefined): z.input<typeof ContactView> {
  return c ? { ...c, known: true } : { phone, optedOut: false, known: false };
}

/** Reads a number as E.164 in the hub's default region, naming `field` when it is no phone number. */
export function phoneReader(app: ZodApp): (raw: string, field: string) => string {
  const region = app.config.sending.defaultRegion as CountryCode | undefined;
  return (raw, field) => normalizePhone(raw, { field, ...(region ? { defaultRegion: region } : {}) }).e164;
}
