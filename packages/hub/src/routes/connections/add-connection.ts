import { Connection } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ConnectionView, connectionView } from './schemas';

/** `POST /connections`: add a gateway connection; every hub of the store uses it at once. */
export function addConnection(app: ZodApp): void {
  app.post(
    '/connections',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['connections'],
        summary: 'Add a gateway connection',
        description:
          'Credentials and signing secrets are stored and never answered. Add its phones with `POST /v1/devices` ' +
          '(or find them with `POST /v1/connections/discover`); its webhook is registered with the gateway then.',
        body: Connection,
        response: { 201: ConnectionView, ...AUTHED_ERRORS, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const c = await app.pipeline.admin.addConnection(request.body);
      request.log.info({ connectionId: c.id, by: request.apiKey?.id }, 'connection added');
      return reply.code(201).send(connectionView(c, []));
    },
  );
}
