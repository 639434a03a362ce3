import type {
  GatewayMessageFacts,
  GatewayReport,
  Message,
  MessageStatus,
  Store,
  WebhookConfirmation,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;
type InboundReport = Extract<GatewayReport, { kind: 'inbound' }>;

/**
 * Whether `m` was handed over through `connectionId`: `yes`; `no` (through another connection: a report verified with
 * this connection's credentials has no say over it); or `not-yet` (no hand-over recorded, as when a report beats the
 * hub's own record of it). The phone a message was handed to is `from.deviceId`, and the fleet knows its connection.
 */
export function handedOverThrough(
  m: Message,
  connectionId: string | undefined,
  fleet: Pick<FleetRegistry, 'connectionOf'>,
): 'yes' | 'no' | 'not-yet' {
  if (!m.from) return 'not-yet';
  return connectionId !== undefined && fleet.connectionOf(m.from.deviceId) === connectionId ? 'yes' : 'no';
}

/** Normal path order of outbound statuses; failed/expired/cancelled stand alone. */
const PATH: Partial<Record<MessageStatus, number>> = {
  queued: 0,
  scheduled: 0,
  accepted: 0,
  pending: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
};

/**
 * Whether a reported status agrees with what the gateway's API says now: the same, or a step the message has since
 * gone beyond on the normal path (a "sent" read back as "delivered"). A "failed" the API does not show is not applied.
 */
export function statusAgrees(reported: MessageStatus, actual: MessageStatus): boolean {
  if (reported === actual) return true;
  const r = PATH[reported];
  const a = PATH[actual];
  return r !== undefined && a !== undefined && a >= r;
}

/** A report as confirmed by the gateway's API, or why it was not. */
export type Confirmed<R> = { ok: true; report: R } | { ok: false; reason: string };

/**
 * Confirm a status report with the gateway's API (httpSMS: its JWT does not cover the body, so a captured token could
 * carry any report). The message must exist there as an outbound text with the report's request id and recipient and a
 * status that agrees; the confirmed report then carries the API's own request id and contact, not the webhook's, and,
 * when the hub has the message already, its text and recipient must be the message's.
 */
export async function confirmStatus(
  adapter: WebhookConfirmation,
  r: StatusReport,
  store: Pick<Store, 'messages'>,
): Promise<Confirmed<StatusReport>> {
  const f = await adapter.confirmationFacts(r.gatewayMessageId);
  if (!f || f.gatewayMessageId !== r.gatewayMessageId)
    return { ok: false, reason: 'the gateway does not know the message' };
  if (f.direction !== 'outbound') return { ok: false, reason: 'the gateway says the message is not an outbound text' };
  if (r.clientId !== undefined && f.clientId !== r.clientId)
    return { ok: false, reason: "the request id differs from the gateway's" };
  if (r.recipient !== undefined && f.contact !== undefined && f.contact !== r.recipient)
    return { ok: false, reason: "the recipient differs from the gateway's" };
  if (!statusAgrees(r.status, f.status)) return { ok: false, reason: `the gateway says ${f.status}, not ${r.status}` };
  const { clientId: _c, recipient: _r, ...rest } = r;
  const report: StatusReport = {
    ...rest,
    ...(f.clientId ? { clientId: f.clientId } : {}),
    ...(f.contact ? { recipient: f.contact } : {}),
  };
  const ours = await findMessage(store, report);
  if (ours && !sameText(ours, f)) return { ok: false, reason: "the gateway's text or recipient is not the message's" };
  return { ok: true, report };
}

/**
 * Confirm an inbound text with the gateway's API: it must be a text the phone received, from that sender, with that
 * text. The confirmed report carries the attachments the API lists (an MMS), and only those.
 */
export async function confirmInbound(
  adapter: WebhookConfirmation,
  r: InboundReport,
): Promise<Confirmed<InboundReport>> {
  if (!r.gatewayMessageId) return { ok: false, reason: 'the report names no gateway message to confirm' };
  const f = await adapter.confirmationFacts(r.gatewayMessageId);
  if (!f || f.gatewayMessageId !== r.gatewayMessageId)
    return { ok: false, reason: 'the gateway does not know the message' };
  if (f.direction !== 'inbound') return { ok: false, reason: 'the gateway says the message is not a received text' };
  if (f.contact !== r.from || f.content !== r.body)
    return { ok: false, reason: "the sender or text differs from the gateway's" };
  if (r.to !== undefined && f.owner !== undefined && f.owner !== r.to)
    return { ok: false, reason: "the receiving number differs from the gateway's" };
  // An MMS's attachments as the API lists them, never as the webhook says (it is not signed).
  const { media: _claimed, ...rest } = r;
  const media = f.attachments?.map((url) => ({ contentType: 'application/octet-stream', url }));
  return { ok: true, report: { ...rest, ...(f.owner ? { to: f.owner } : {}), ...(media?.length ? { media } : {}) } };
}

async function findMessage(store: Pick<Store, 'messages'>, r: StatusReport): Promise<Message | undefined> {
  const byClient = r.clientId ? await store.messages.get(r.clientId) : undefined;
  if (byClient) return byClient;
  const id = await store.messages.byGatewayId(r.gateway, r.gatewayMessageId);
  return id ? await store.messages.get(id) : undefined;
}

function sameText(m: Message, f: GatewayMessageFacts): boolean {
  return (
    (f.content === undefined || f.content === m.body) &&
    (f.contact === undefined || f.contact === m.to) &&
    (f.owner === undefined || m.from?.number === undefined || f.owner === m.from.number)
  );
}
