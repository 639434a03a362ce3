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
      // Only what the body names changes (a zod default fills no absent field: the patch schema is partial).
      const given = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
      const d = await app.pipeline.admin.updateDevice(request.params.id, (cur) => ({ ...cur, ...given }));
      return deviceView(app.store, d, app.clock.now());
    },
  );
}
