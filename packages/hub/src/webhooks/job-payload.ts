import { DeliveryJobPayload } from './publisher';

type Read = { success: true; data: DeliveryJobPayload } | { success: false; issues: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read a claimed delivery job's payload. The event in it was validated when it was published (and written by this
 * code), so a payload whose envelope has the right shape is taken as it is: a full schema parse of every event cost a
 * noticeable share of the CPU per delivery. Anything else goes through the schema, which names what is wrong.
 */
export function readDeliveryJob(payload: unknown): Read {
  if (
    isObject(payload) &&
    typeof payload.subscriptionId === 'string' &&
    payload.subscriptionId.length > 0 &&
    Number.isInteger(payload.attempts) &&
    (payload.attempts as number) >= 0 &&
    (payload.replay === undefined || typeof payload.replay === 'boolean') &&
    isObject(payload.event) &&
    typeof payload.event.id === 'string' &&
    typeof payload.event.type === 'string' &&
    typeof payload.event.timestamp === 'string' &&
    isObject(payload.event.data)
  ) {
    return { success: true, data: payload as DeliveryJobPayload };
  }
  const parsed = DeliveryJobPayload.safeParse(payload);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}
