import { z } from 'zod';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { DeviceView, deviceView } from './schemas';

/** `GET /devices`: the fleet's devices with their health and SIM budgets. */
export function listDevices(app: ZodApp): void {
  app.get(
    '/devices',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['devices'],
        summary: 'List devices and SIMs with health',
        response: { 200: z.object({ items: z.array(DeviceView) }), ...AUTHED_ERRORS },
      },
    },
    async () => {
      const now = app.clock.now();
      const devices = await app.store.devices.list();
      return { items: await Promise.all(devices.map((d) => deviceView(app.store, d, now))) };
    },
  );
}
