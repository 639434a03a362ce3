import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { InboundSms, doc } from '@smsfleet/core';
import { AUTHED_ERRORS, PageQuery, pageOf } from './schemas';

const InboxQuery = PageQuery.extend({
  from: doc(z.string().optional(), 'Only texts from this E.164 number', '+14155550123'),
  deviceId: doc(z.string().optional(), 'Only texts received by this device', 'pixel-7'),
});

/** `GET /v1/inbox`: the texts the fleet received, newest first. */
export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/inbox',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['inbox'],
        summary: 'List received texts',
        querystring: InboxQuery,
        response: { 200: pageOf(InboundSms), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return app.store.inbound.list(
        { ...(q.from ? { from: q.from } : {}), ...(q.deviceId ? { deviceId: q.deviceId } : {}) },
        { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
    },
  );
};
