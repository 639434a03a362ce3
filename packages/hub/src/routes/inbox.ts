import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { InboxSms, doc } from '@smsfleet/core';
import { MediaUrls } from '../media/media-urls';
import { AUTHED_ERRORS, PageQuery, pageOf } from './schemas';

const InboxQuery = PageQuery.extend({
  from: doc(z.string().optional(), 'Only texts from this E.164 number', '+14155550123'),
  deviceId: doc(z.string().optional(), 'Only texts received by this device', 'pixel-7'),
});

/** `GET /v1/inbox`: the texts the fleet received, newest first, their MMS attachments as signed URLs. */
export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const urls = new MediaUrls(app.store, app.config.server.publicUrl);
  app.get(
    '/inbox',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['inbox'],
        summary: 'List received texts',
        description: 'MMS attachments come as `media[]` signed URLs, as in `sms.received`.',
        querystring: InboxQuery,
        response: { 200: pageOf(InboxSms), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await app.store.inbound.list(
        { ...(q.from ? { from: q.from } : {}), ...(q.deviceId ? { deviceId: q.deviceId } : {}) },
        { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
      // The same signed URLs as the text's `sms.received` (one signer, the text's retention as expiry).
      const items = await Promise.all(
        page.items.map(async ({ media, ...sms }) =>
          media?.length ? { ...sms, media: await urls.links({ ...sms, media }) } : sms,
        ),
      );
      return { ...page, items };
    },
  );
};
