import { Device, type Message, type Sim } from '../schemas';
import { newId } from '../ids';

/** Test helper: a device parsed through the schema (so defaults are real), with the given SIMs. */
export function testDevice(
  id: string,
  sims: Array<Partial<Sim> & { slot: number }>,
  extra: Partial<Device> = {},
): Device {
  return Device.parse({ id, name: id, gateway: 'sms-gate', sims, health: 'online', ...extra });
}

/** Test helper: a queued message to `to` with `segments` parts. */
export function testMessage(to: string, segments: number, extra: Partial<Message> = {}): Message {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: newId('msg'),
    to,
    body: 'x'.repeat(segments * 153),
    segments,
    encoding: 'GSM-7',
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
    version: 0,
    ...extra,
  };
}
