import { AUTHED_ERRORS, pageOf } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ListQuery, messageFilter } from './list-query';
import { MessageOut } from './schemas';

/** `GET /messages`: newest first, filtered, a page at a time. */
export function listMessages(app: ZodApp): void {
  app.get(
    '/messages',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['messages'],
        summary: 'List messages',
        description: 'Newest first, with filters and cursor pagination.',
        querystring: ListQuery,
        response: { 200: pageOf(MessageOut), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      return app.store.messages.list(messageFilter(filters), { limit, ...(cursor ? { cursor } : {}) });
    },
  );
}
