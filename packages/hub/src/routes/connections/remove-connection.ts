import { z } from 'zod';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ConnectionParams } from './schemas';

/** `DELETE /connections/:id`: remove a connection that reaches no device. */
export function removeConnection(app: ZodApp): void {
  app.delete(
    '/connections/:id',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['connections'],
        summary: 'Remove a gateway connection',
        description: 'Refused with `SMSFLEET_ERR_CONNECTION_IN_USE` while devices use it: remove them first.',
        params: ConnectionParams,
        response: { 204: z.undefined().describe('Removed'), ...AUTHED_ERRORS, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await app.pipeline.admin.removeConnection(request.params.id);
      request.log.info({ connectionId: request.params.id, by: request.apiKey?.id }, 'connection removed');
      return reply.code(204).send();
    },
  );
}
