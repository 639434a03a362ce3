import { z } from 'zod';
import { doc } from '../schemas/doc';
import { E164 } from '../schemas/common';

/** A phone a gateway account lists, as discovery reports it (the user picks which to add). */
export const DiscoveredPhone = z
  .object({
    gatewayDeviceId: doc(z.string().min(1), "The gateway's own id of the phone", 'yWz3k2'),
    name: doc(z.string().min(1).max(100), 'Name the gateway shows for the phone', 'Pixel 7'),
    numbers: z.array(E164).describe('SIM numbers the gateway knows for the phone (may be empty)'),
    lastSeenAt: doc(z.string().optional(), 'When the gateway last heard from the phone', '2026-12-07T03:00:00.000Z'),
  })
  .describe('A phone found on a gateway account');
export type DiscoveredPhone = z.infer<typeof DiscoveredPhone>;

/** The list a discovery answer holds: objects only, under `key` when the body wraps it (`data`). */
export function listIn(json: unknown, key?: string): Record<string, unknown>[] | undefined {
  const v =
    key && json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>)[key] : json;
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : undefined;
}

/** A string field, or undefined. */
export const str = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined;

/** An E.164 number, or nothing. */
export const e164 = (v: string | undefined): string[] => (v && /^\+[1-9]\d{6,14}$/.test(v) ? [v] : []);
