import { Connection, parseOrThrow } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ConnectionParams, ConnectionPatch, ConnectionView, connectionView } from './schemas';

/** `PATCH /connections/:id`: change settings (merged; secrets not given are kept) or the delivery guarantee. */
export function updateConnection(app: ZodApp): void {
  app.patch(
    '/connections/:id',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['connections'],
        summary: 'Change a gateway connection',
        params: ConnectionParams,
        body: ConnectionPatch,
        response: { 200: ConnectionView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const b = request.body;
      const apply = (cur: Connection): Connection => {
        const next = {
          ...cur,
          ...(b.delivery ? { delivery: b.delivery } : {}),
          ...(b.settings ? { connection: { ...cur.connection, ...b.settings } } : {}),
        };
        // Name the field as the client sent it (`body.settings.<field>`).
        const parsed = parseOrThrow(Connection.shape.connection, next.connection, 'body.settings');
        return { ...next, connection: parsed };
      };
      const c = await app.pipeline.admin.updateConnection(request.params.id, apply);
      const devices = (await app.store.devices.list()).filter((d) => d.connectionId === c.id).map((d) => d.id);
      return connectionView(c, devices);
    },
  );
}
