import { z } from 'zod';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { DeviceParams } from './schemas';

/** `DELETE /devices/:id`: remove a phone; its queued texts go to other phones or fail with a coded reason. */
export function removeDevice(app: ZodApp): void {
  app.delete(
    '/devices/:id',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['devices'],
        summary: 'Remove a device',
        description:
          'Queued texts that did not ask for this phone are sent from others; texts that asked for it fail ' +
          '`SMSFLEET_DEVICE_REMOVED`. Refused with `SMSFLEET_ERR_DEVICE_BUSY` while the phone holds texts it has ' +
          'not sent yet (disable its SIMs first, then retry).',
        params: DeviceParams,
        response: { 204: z.undefined().describe('Removed'), ...AUTHED_ERRORS, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await app.pipeline.admin.removeDevice(request.params.id);
      request.log.info({ deviceId: request.params.id, by: request.apiKey?.id }, 'device removed');
      return reply.code(204).send();
    },
  );
}
