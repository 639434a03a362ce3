import type { OutSms } from '../phone';
import type { TruthState } from '../truth';

/** sms-gate message states. */
export type SgState = 'Pending' | 'Processed' | 'Sent' | 'Delivered' | 'Failed' | 'Cancelling' | 'Cancelled';

/** One API message (1..100 recipients) as the sms-gate server keeps it. */
export interface SgMessage {
  id: string;
  deviceId: string;
  text: string;
  isEncrypted: boolean;
  recipients: OutSms[];
  /** Message-level state timestamps added by the server (Cancelling). */
  extraStates: Partial<Record<SgState, number>>;
  createdAt: number;
}

/** Every event an sms-gate webhook can be registered for. */
export const SG_EVENTS = [
  'sms:received',
  'sms:data-received',
  'sms:sent',
  'sms:delivered',
  'sms:failed',
  'sms:cancelled',
  'mms:received',
  'mms:downloaded',
  'system:ping',
  'app:started',
] as const;

/** Truth state -> sms-gate state. */
export function sgState(s: TruthState): SgState {
  switch (s) {
    case 'queued':
      return 'Pending';
    case 'picked':
      return 'Processed';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'cancelled':
      return 'Cancelled';
    default:
      return 'Failed';
  }
}

const RANK: Record<SgState, number> = {
  Pending: 0,
  Cancelling: 0,
  Processed: 1,
  Sent: 2,
  Delivered: 3,
  Failed: 4,
  Cancelled: 4,
};

/** Message-level state: Failed/Cancelled when every recipient is; otherwise the least advanced live recipient. */
export function messageState(m: SgMessage): SgState {
  const states = m.recipients.map((r) => sgState(r.truth.finalState));
  if (states.every((s) => s === 'Cancelled')) return 'Cancelled';
  if (m.extraStates.Cancelling !== undefined && states.some((s) => s === 'Pending')) return 'Cancelling';
  const live = states.filter((s) => s !== 'Failed' && s !== 'Cancelled');
  if (live.length === 0) return 'Failed';
  return live.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

/** The JSON the API returns for a message. */
export function messageJson(m: SgMessage, iso: (at: number) => string): Record<string, unknown> {
  const states: Record<string, string> = {};
  const seen: Array<[SgState, number]> = [];
  for (const r of m.recipients) {
    for (const s of r.truth.states) seen.push([sgState(s.state), s.at]);
  }
  for (const [s, at] of Object.entries(m.extraStates)) seen.push([s as SgState, at]);
  seen.sort((a, b) => a[1] - b[1]);
  for (const [s, at] of seen) if (!(s in states)) states[s] = iso(at);
  return {
    id: m.id,
    deviceId: m.deviceId,
    state: messageState(m),
    isHashed: false,
    isEncrypted: m.isEncrypted,
    recipients: m.recipients.map((r) => ({
      phoneNumber: r.truth.recipient,
      state: sgState(r.truth.finalState),
      error: r.truth.failure ? r.truth.failure.code : null,
    })),
    states,
  };
}
