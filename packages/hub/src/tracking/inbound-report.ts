import type { GatewayReport, InboundSms, Store } from '@smsfleet/core';
import { stableId } from '@smsfleet/core';
import type { InboundHandler } from '../engagement/inbound-handler';
import type { FleetRegistry } from '../fleet';
import { keepAttachments } from '../media/keep-attachments';
import { phoneSeen } from './phone-seen';

/** How long duplicate gateway event ids are remembered (sms-gate retries for ~2 days). */
export const DEDUPE_TTL_MS = 3 * 86400_000;

/** What {@link inboundReport} needs. */
export interface InboundReportDeps {
  store: Pick<Store, 'dedupe' | 'devices' | 'inbound' | 'media'>;
  inbound: Pick<InboundHandler, 'handle'>;
  retentionDays: number;
  /** The connection's adapter fetches attachments the gateway serves at a URL (an MMS on httpSMS). */
  fleet?: Pick<FleetRegistry, 'forConnection'>;
  logger?: { warn(obj: object, msg: string): void };
}

/**
 * Store and act on a text received by `deviceId`, a phone of the connection whose credentials verified the report.
 * Its id is derived from the gateway's ids for the text (its message id, else the event's, else its content), so a
 * retried webhook makes the same record and {@link InboundHandler.handle} redoes only what is missing. False for a
 * text already processed to the end (gateways without event ids are deduplicated by their message id).
 */
export async function inboundReport(
  deps: InboundReportDeps,
  text: { connectionId: string; deviceId: string; report: Extract<GatewayReport, { kind: 'inbound' }> },
  now: Date,
): Promise<boolean> {
  const { connectionId, deviceId, report: r } = text;
  const key = !r.gatewayEventId && r.gatewayMessageId ? `inbound:${r.gateway}:${r.gatewayMessageId}` : undefined;
  if (key && (await deps.store.dedupe.seen(key))) return false;
  const identity = r.gatewayMessageId
    ? `m:${r.gatewayMessageId}`
    : r.gatewayEventId
      ? `e:${r.gatewayEventId}`
      : `c:${JSON.stringify([r.from, r.to, r.at, r.body])}`;
  const sms: InboundSms = {
    id: stableId('in', `${connectionId}:${r.gateway}:${identity}`),
    from: r.from,
    deviceId,
    body: r.body,
    receivedAt: r.at,
    gateway: r.gateway,
    ...(r.to ? { to: r.to } : {}),
    ...(r.sim ? { sim: r.sim } : {}),
    ...(r.gatewayMessageId ? { gatewayMessageId: r.gatewayMessageId } : {}),
    retainUntil: new Date(now.getTime() + deps.retentionDays * 86400_000).toISOString(),
  };
  // An MMS: its attachments are kept until the text's retention ends (once: a retry finds the text stored with them).
  if (r.media?.length && !(await deps.store.inbound.get(sms.id))) {
    const adapter = deps.fleet?.forConnection(connectionId)?.adapter;
    const media = await keepAttachments(
      { store: deps.store, ...(adapter ? { adapter } : {}), ...(deps.logger ? { logger: deps.logger } : {}) },
      sms.id,
      r.media,
      Date.parse(sms.retainUntil!),
    );
    if (media.length) sms.media = media;
  }
  await deps.inbound.handle(sms, now);
  await phoneSeen(deps, deviceId, (await deps.store.devices.get(deviceId))?.lastSeenAt, now);
  if (key) await deps.store.dedupe.firstSeen(key, DEDUPE_TTL_MS);
  return true;
}
