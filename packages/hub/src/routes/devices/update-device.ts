import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { DeviceParams, DevicePatch, DeviceView, deviceView } from './schemas';

/** `PATCH /devices/:id`: change a phone's name, gateway id, connection or SIMs (budgets, enabled). */
export function updateDevice(app: ZodApp): void {
  app.patch(
    '/devices/:id',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['devices'],
        summary: 'Change a device',
        description: 'Disable a SIM (`enabled: false`) to drain a phone before removing it.',
        params: DeviceParams,
        body: DevicePatch,
        response: { 200: DeviceView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const b = request.body;
      const d = await app.pipeline.admin.updateDevice(request.params.id, (cur) => {
        const { gatewayDeviceId: _g, ...rest } = cur;
        const gatewayDeviceId = b.gatewayDeviceId ?? cur.gatewayDeviceId;
        return {
          ...rest,
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.connectionId !== undefined ? { connectionId: b.connectionId } : {}),
          ...(b.sims !== undefined ? { sims: b.sims } : {}),
          ...(b.timeZone !== undefined ? { timeZone: b.timeZone } : {}),
          ...(gatewayDeviceId ? { gatewayDeviceId } : {}),
        };
      });
      return deviceView(app.store, d, app.clock.now());
    },
  );
}
