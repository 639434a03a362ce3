import { z } from 'zod';
import { doc } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';

const HEADER = 'phone,opted_out,opted_out_at,opted_in_at,source,keyword';

/** `GET /consent/export`: every contact's consent as CSV. */
export function exportConsent(app: ZodApp): void {
  app.get(
    '/consent/export',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['contacts'],
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
            `${HEADER}\n+14155550123,true,2026-11-23T10:00:00.000Z,,keyword,STOP\n`,
          ),
          ...AUTHED_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const filter = request.query.optedOut ? { optedOut: request.query.optedOut === 'true' } : {};
      const rows = [HEADER];
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
}
