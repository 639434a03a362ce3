import { z } from 'zod';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { ConnectionView, connectionView } from './schemas';

/** `GET /connections`: every gateway connection, secrets masked. */
export function listConnections(app: ZodApp): void {
  app.get(
    '/connections',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['connections'],
        summary: 'List gateway connections',
        description: 'Secrets are write-only: `secrets` names the ones that are set.',
        response: { 200: z.object({ items: z.array(ConnectionView) }), ...AUTHED_ERRORS },
      },
    },
    async () => {
      const [connections, devices] = await Promise.all([app.store.connections.list(), app.store.devices.list()]);
      return {
        items: connections.map((c) =>
          connectionView(
            c,
            devices.filter((d) => d.connectionId === c.id).map((d) => d.id),
          ),
        ),
      };
    },
  );
}
