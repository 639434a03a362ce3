import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import { errorResponses } from './schemas';

const Params = z.strictObject({ connectionId: doc(z.string().min(1).max(64), 'The gateway connection the webhook belongs to', 'sms-gate-cloud') });

/**
 * Gateway ingress: `POST /ingress/<connectionId>`, where each gateway sends its webhooks. Public (gateways
 * carry their own signatures, checked by the adapter in constant time, with replay windows where the
 * gateway has timestamps). The body is kept raw, since signatures are over the exact bytes.
 */
export const ingressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/ingress/:connectionId', {
    config: { public: true },
    schema: {
      tags: ['ingress'], summary: 'Receive a gateway webhook', description: 'For the gateways, not for clients: status reports, inbound texts and heartbeats.',
      params: Params, response: { 200: z.object({ ok: z.literal(true), applied: z.number().int(), duplicates: z.number().int() }).describe('Accepted'), ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const conn = app.pipeline.fleet.forConnection(request.params.connectionId);
    if (!conn) throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No gateway connection ${request.params.connectionId}.`, { field: 'params.connectionId', reason: 'no such connection' });
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const now = new Date(app.clock.now());
    const url = `${app.config.server.publicUrl ?? `http://${request.host}`}${request.url}`;
    const reports = conn.adapter.parseWebhook({ headers: request.headers, rawBody: raw, url }, now);
    const r = await app.pipeline.processor.process(request.params.connectionId, reports, now);
    return { ok: true as const, applied: r.applied + r.inbound + r.heartbeats, duplicates: r.duplicates };
  });
};
