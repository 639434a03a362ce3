// The textbee server's records and the SMS JSON its API answers with.
import type { OutSms } from '../phone';
import { type GatewayContext, stateAt } from './context';

/** One send request (a batch of SMS, one a recipient). */
export interface TbBatch {
  _id: string;
  device: string;
  message: string;
  recipientCount: number;
  createdAt: number;
  sms: OutSms[];
}

/** Truth state -> textbee SMS status. */
const STATUS: Record<string, string> = {
  queued: 'pending',
  picked: 'dispatched',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  expired: 'failed',
  cancelled: 'failed',
};

/** One SMS as textbee's API lists it. */
export function smsJson(rt: GatewayContext['rt'], out: OutSms, batch: TbBatch): Record<string, unknown> {
  const t = out.truth;
  const iso = (s: Parameters<typeof stateAt>[1]) => {
    const at = stateAt(t, s);
    return at === undefined ? undefined : rt.iso(at);
  };
  return {
    _id: t.id,
    smsBatch: batch._id,
    device: batch.device,
    message: t.text,
    type: 'SENT',
    recipient: t.recipient,
    simSubscriptionId: out.sim,
    status: STATUS[t.finalState],
    requestedAt: rt.iso(batch.createdAt),
    dispatchedAt: iso('picked'),
    sentAt: iso('sent'),
    deliveredAt: iso('delivered'),
    failedAt: iso('failed') ?? iso('expired'),
    errorCode: t.failure?.code,
    errorMessage: t.failure?.reason,
    createdAt: rt.iso(batch.createdAt),
    updatedAt: rt.iso(t.states.at(-1)?.at ?? batch.createdAt),
  };
}
