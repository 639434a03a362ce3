import { z } from 'zod';
import { Counter } from 'prom-client';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SmsfleetError, doc, needsConfirmation, type GatewayReport } from '@smsfleet/core';
import { ReportBatcher } from '../tracking/report-batcher';
import { refuseReusedToken } from '../tracking/token-reuse';
import { errorResponses } from './schemas';

const Params = z.strictObject({
  connectionId: doc(z.string().min(1).max(64), 'The gateway connection the webhook belongs to', 'sms-gate-cloud'),
});

/**
 * Gateway ingress: `POST /ingress/<connectionId>`, where each gateway sends its webhooks. Public (gateways
 * carry their own signatures, checked by the adapter in constant time, with replay windows where the
 * gateway has timestamps). The body is kept raw, since signatures are over the exact bytes. A webhook is answered
 * once its reports are applied; webhooks arriving together are applied as one batch. A verified report has authority
 * only over its own connection's hand-overs and phones; one that names another's is ignored, counted and answered 200
 * (`ignored`), since the sender holds the key and a 4xx would only make an honest gateway retry it for days.
 */
export const ingressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // Webhooks arriving together are applied together and answered together (group commit; see ReportBatcher).
  const batcher = new ReportBatcher((connectionId: string, reports: GatewayReport[], now: Date) =>
    app.pipeline.processor.process(connectionId, reports, now),
  );
  const registers = [app.metricsRegistry];
  new Counter({
    name: 'smsfleet_ingress_batches_total',
    help: 'Batches of gateway webhooks applied together',
    registers,
    collect() {
      this.reset();
      this.inc(batcher.counts().batches);
    },
  });
  new Counter({
    name: 'smsfleet_ingress_webhooks_total',
    help: 'Gateway webhooks applied (in batches)',
    registers,
    collect() {
      this.reset();
      this.inc(batcher.counts().webhooks);
    },
  });
  new Counter({
    name: 'smsfleet_ingress_reports_refused_total',
    help:
      'Verified gateway reports refused for naming a message or phone of another connection, ' +
      'or not confirmed by the gateway (nothing changed)',
    labelNames: ['gateway', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const [k, n] of app.pipeline.processor.refusals()) {
        const [gateway, kind] = k.split(':');
        this.inc({ gateway: gateway!, kind: kind! }, n);
      }
    },
  });
  app.post(
    '/ingress/:connectionId',
    {
      config: { public: true },
      schema: {
        tags: ['ingress'],
        summary: 'Receive a gateway webhook',
        description: 'For the gateways, not for clients: status reports, inbound texts and heartbeats.',
        params: Params,
        response: {
          200: z
            .object({
              ok: z.literal(true),
              applied: z.number().int(),
              duplicates: z.number().int(),
              ignored: doc(
                z.number().int(),
                "Verified reports with no authority over what they name (another connection's message or phone, " +
                  'or not confirmed by the gateway): nothing changed, ' +
                  'and answered 200 so the gateway does not retry them',
                0,
              ),
            })
            .describe('Accepted'),
          ...errorResponses(400, 401, 404, 502),
        },
      },
    },
    async (request) => {
      const conn = app.pipeline.fleet.forConnection(request.params.connectionId);
      if (!conn)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No gateway connection ${request.params.connectionId}.`, {
          field: 'params.connectionId',
          reason: 'no such connection',
        });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const now = new Date(app.clock.now());
      const url = `${app.config.server.publicUrl ?? `http://${request.host}`}${request.url}`;
      const req = { headers: request.headers, rawBody: raw, url };
      const reports = conn.adapter.parseWebhook(req, now);
      // A credential that does not cover the body (httpSMS) is refused when replayed later with another body.
      const cred = needsConfirmation(conn.adapter) ? conn.adapter.bodyUnboundCredential(req) : undefined;
      if (cred) await refuseReusedToken(app.store, request.params.connectionId, cred, raw, now);
      const r = await batcher.submit(request.params.connectionId, reports, now);
      return {
        ok: true as const,
        applied: r.applied + r.inbound + r.heartbeats,
        duplicates: r.duplicates,
        ignored: r.refused,
      };
    },
  );
};
