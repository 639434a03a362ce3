import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Contact, SmsfleetError, Timestamp, doc, newId, normalizePhone, type CountryCode } from '@smsfleet/core';
import { AUTHED_ERRORS, PageQuery, errorResponses, pageOf } from './schemas';

const ContactView = Contact.extend({
  known: doc(z.boolean(), 'False for a number the hub has never texted, heard from or had consent for', true),
}).describe('A contact and their consent');

const PhoneParams = z.strictObject({
  phone: doc(z.string().min(1).max(32), 'Phone number (E.164; URL-encode the +)', '+14155550123'),
});

const OptOutBody = z
  .strictObject({
    keyword: doc(z.string().min(1).max(20).optional(), 'What the contact said, when known', 'STOP'),
  })
  .nullish()
  .describe('Details of the opt-out (optional; fastify hands a missing body over as null)');

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

/** Contacts and consent: look up, opt out, opt in, list, import and export. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['contacts'];
  const region = app.config.sending.defaultRegion as CountryCode | undefined;
  const phoneOf = (raw: string, field: string) =>
    normalizePhone(raw, { field, ...(region ? { defaultRegion: region } : {}) }).e164;
  const view = (phone: string, c: Contact | undefined) =>
    c ? { ...c, known: true } : { phone, optedOut: false, known: false };

  app.get(
    '/contacts/:phone',
    {
      schema: {
        tags,
        summary: "Get a contact's consent",
        description: 'Answers for any valid number; `known: false` when the hub knows nothing of it.',
        params: PhoneParams,
        response: { 200: ContactView, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const phone = phoneOf(request.params.phone, 'params.phone');
      return view(phone, await app.store.contacts.get(phone));
    },
  );

  app.post(
    '/contacts/:phone/opt-out',
    {
      schema: {
        tags,
        summary: 'Opt a contact out',
        description:
          'Later sends to the number are refused with SMSFLEET_ERR_OPTED_OUT. Emits `contact.opted_out` (source `api`) when consent changed.',
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
      return view(phone, r.value);
    },
  );

  app.post(
    '/contacts/:phone/opt-in',
    {
      schema: {
        tags,
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
      return view(phone, r.value);
    },
  );

  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        description: 'In phone order; `optedOut=true` lists the suppression list.',
        querystring: PageQuery.extend({
          optedOut: doc(
            z.enum(['true', 'false']).optional(),
            'Only opted-out (true) or only subscribed (false) contacts',
            'true',
          ),
        }),
        response: { 200: pageOf(Contact), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return app.store.contacts.list(q.optedOut ? { optedOut: q.optedOut === 'true' } : {}, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  );

  app.get(
    '/consent/export',
    {
      schema: {
        tags,
        summary: 'Export consent as CSV',
        description: 'Every contact: phone, opted_out, opted_out_at, opted_in_at, source, keyword.',
        querystring: z.strictObject({
          optedOut: doc(z.enum(['true', 'false']).optional(), 'Only these contacts', 'true'),
        }),
        produces: ['text/csv'],
        response: {
          200: doc(
            z.string(),
            'CSV with a header row',
            'phone,opted_out,opted_out_at,opted_in_at,source,keyword\n+14155550123,true,2026-11-23T10:00:00.000Z,,keyword,STOP\n',
          ),
          ...AUTHED_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const filter = request.query.optedOut ? { optedOut: request.query.optedOut === 'true' } : {};
      const rows = ['phone,opted_out,opted_out_at,opted_in_at,source,keyword'];
      let cursor: string | undefined;
      do {
        const page = await app.store.contacts.list(filter, { limit: 500, ...(cursor ? { cursor } : {}) });
        for (const c of page.items)
          rows.push(
            [c.phone, c.optedOut, c.optedOutAt ?? '', c.optedInAt ?? '', c.source ?? '', c.keyword ?? ''].join(','),
          );
        cursor = page.nextCursor;
      } while (cursor);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="consent.csv"')
        .send(`${rows.join('\n')}\n`);
    },
  );

  app.post(
    '/consent/import',
    {
      schema: {
        tags,
        summary: 'Import consent',
        description:
          'Every record is validated before any is written: one bad number rejects the request, naming `body.contacts.<i>.phone`. Imported opt-outs do not emit events.',
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
};
