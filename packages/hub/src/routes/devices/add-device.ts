import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { DeviceBody, DeviceView, deviceView } from './schemas';

/** `POST /devices`: add a phone (with its SIMs and budgets) behind a connection; it takes traffic at once. */
export function addDevice(app: ZodApp): void {
  app.post(
    '/devices',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['devices'],
        summary: 'Add a device',
        description:
          'Every hub of the store routes to the phone within seconds (a signal, and a periodic re-read). The ' +
          "connection's webhook is registered again, narrowed to its phones.",
        body: DeviceBody,
        response: { 201: DeviceView, ...AUTHED_ERRORS, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const d = await app.pipeline.admin.addDevice(request.body);
      request.log.info({ deviceId: d.id, connectionId: d.connectionId, by: request.apiKey?.id }, 'device added');
      return reply.code(201).send(await deviceView(app.store, d, app.clock.now()));
    },
  );
}
