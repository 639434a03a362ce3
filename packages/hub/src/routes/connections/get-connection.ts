import { SmsfleetError } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ConnectionParams, ConnectionView, connectionView } from './schemas';

/** `GET /connections/:id`: one gateway connection, secrets masked. */
export function getConnection(app: ZodApp): void {
  app.get(
    '/connections/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['connections'],
        summary: 'Get a gateway connection',
        params: ConnectionParams,
        response: { 200: ConnectionView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const c = await app.store.connections.get(request.params.id);
      if (!c)
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No connection ${request.params.id}.`, {
          field: 'params.id',
          reason: 'no such connection',
        });
      const devices = (await app.store.devices.list()).filter((d) => d.connectionId === c.id).map((d) => d.id);
      return connectionView(c, devices);
    },
  );
}
