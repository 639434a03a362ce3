import { z } from 'zod';
import { doc } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { CSV_COLUMNS, messageCsvRow } from './csv';
import { ListQuery, messageFilter } from './list-query';

/** `GET /messages/export`: the filtered list, all pages, as CSV. */
export function exportMessages(app: ZodApp): void {
  app.get(
    '/messages/export',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['messages'],
        summary: 'Export messages as CSV',
        description:
          'The messages the list would give (same filters), all pages, as CSV with the columns ' +
          `${CSV_COLUMNS.join(', ')}.`,
        querystring: ListQuery.omit({ cursor: true, limit: true }),
        produces: ['text/csv'],
        response: { 200: doc(z.string(), 'CSV with a header row', `${CSV_COLUMNS.join(',')}\n`), ...AUTHED_ERRORS },
      },
    },
    async (request, reply) => {
      const filter = messageFilter(request.query);
      const rows: string[] = [CSV_COLUMNS.join(',')];
      let cursor: string | undefined;
      do {
        const page = await app.store.messages.list(filter, { limit: 500, ...(cursor ? { cursor } : {}) });
        for (const m of page.items) rows.push(messageCsvRow(m));
        cursor = page.nextCursor;
      } while (cursor && rows.length <= 100_000);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="messages.csv"')
        .send(`${rows.join('\n')}\n`);
    },
  );
}
