import { z } from 'zod';
import { SmsfleetError, Timestamp, doc, type Contact } from '@smsfleet/core';
import { errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { phoneReader } from './schemas';

const ConsentRecord = z
  .strictObject({
    phone: doc(z.string().min(1).max(32), 'Phone number', '+14155550123'),
    optedOut: doc(z.boolean(), 'True to suppress texts to this number', true),
    at: Timestamp.optional().describe('When consent changed (default: now)'),
  })
  .describe('One consent record to import');

const ImportBody = z
  .strictObject({
    contacts: z
      .array(ConsentRecord)
      .min(1)
      .max(10_000)
      .describe('Consent records (1-10000); validated as a whole before any is written'),
  })
  .describe('Consent to import');

/** `POST /consent/import`: write consent records, all validated before any is written. */
export function importConsent(app: ZodApp): void {
  const phoneOf = phoneReader(app);
  app.post(
    '/consent/import',
    {
      config: { scope: 'send' },
      schema: {
        tags: ['contacts'],
        summary: 'Import consent',
        description:
          'Every record is validated before any is written: one bad number rejects the request, naming ' +
          '`body.contacts.<i>.phone`. Imported opt-outs do not emit events.',
        body: ImportBody,
        response: {
          200: z
            .object({
              imported: doc(z.number().int(), 'Records written', 2),
              changed: doc(z.number().int(), 'Contacts whose consent changed', 1),
            })
            .describe('Import result'),
          ...errorResponses(400, 401, 413, 429),
        },
      },
    },
    async (request) => {
      const now = new Date(app.clock.now()).toISOString();
      const records = request.body.contacts.map((r, i) => ({
        ...r,
        phone: phoneOf(r.phone, `body.contacts.${i}.phone`),
      }));
      const seen = new Map<string, number>();
      records.forEach((r, i) => {
        const first = seen.get(r.phone);
        if (first !== undefined)
          throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `${r.phone} is listed twice.`, {
            field: `body.contacts.${i}.phone`,
            reason: `same number as contacts.${first}`,
          });
        seen.set(r.phone, i);
      });
      let changed = 0;
      for (const r of records) {
        const at = r.at ?? now;
        const u = await app.store.contacts.upsert(r.phone, (c) => {
          if ((c?.optedOut ?? false) === r.optedOut && c) return null;
          return {
            ...(c ?? { phone: r.phone }),
            optedOut: r.optedOut,
            source: 'import',
            ...(r.optedOut ? { optedOutAt: at } : { optedInAt: at }),
          } as Contact;
        });
        if (u.changed) changed++;
      }
      return { imported: records.length, changed };
    },
  );
}
