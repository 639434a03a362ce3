import { z } from 'zod';
import { Contact, doc } from '@smsfleet/core';
import { AUTHED_ERRORS, PageQuery, pageOf } from '../schemas';
import type { ZodApp } from '../zod-app';

/** `GET /contacts`: contacts in phone order, or only the suppression list. */
export function listContacts(app: ZodApp): void {
  app.get(
    '/contacts',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['contacts'],
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
}
