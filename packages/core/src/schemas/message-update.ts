import { z } from 'zod';
import { doc } from './doc';
import { SimSlot, Timestamp } from './common';

/**
 * What `PATCH /v1/messages/:id` may change on a message not yet handed over: its text, its schedule, the device and
 * SIM asked for. Strict (a misspelt field is named, not dropped); at least one field.
 */
export const MessageUpdateRequest = z
  .strictObject({
    body: doc(z.string().min(1).max(1600), 'New text (segments are counted again)', 'Your order ships tomorrow.'),
    sendAt: Timestamp.describe('New schedule: do not send before this time (now or past: send as soon as possible)'),
    deviceId: doc(z.string().min(1), 'Send from this device', 'pixel-7'),
    sim: SimSlot,
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, { message: 'Give at least one of body, sendAt, deviceId, sim' })
  .describe('Changes to a message not yet handed over');
export type MessageUpdateRequest = z.infer<typeof MessageUpdateRequest>;
