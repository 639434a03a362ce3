import type { FastifyBaseLogger } from 'fastify';
import {
  applyToMessage, newId, phoneHasSent, type FleetRouter, type GatewayReport, type InboundSms, type MessageStatus, type Reservation,
  type StatusEvent, type Store,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import type { InboundHandler } from '../engagement/inbound-handler';
import { QUEUES, statusChangedEvent } from './events';
import { isOwnCancellation } from './own-cancellation';
import { ParkedReports } from './parked-reports';

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;

/** What the report processor did with one batch. */
export interface ProcessResult { applied: number; unchanged: number; duplicates: number; parked: number; inbound: number; heartbeats: number }

/** Statuses that show the phone itself transmitting (a `failed` may come from a cloud server giving up on it). */
const PHONE_TRANSMITTED: readonly MessageStatus[] = ['sending', 'sent', 'delivered'];

/** How long duplicate gateway event ids are remembered (sms-gate retries for ~2 days). */
const DEDUPE_TTL_MS = 3 * 86400_000;

/**
 * Steps 7-9 of the message path, after an adapter verified and parsed a webhook: drop duplicates, match
 * the report to a message, apply it through the status model in an atomic compare-and-set, and publish
 * real changes. Inbound texts are stored and published; heartbeats update device health.
 */
export class ReportProcessor {
  private readonly parked: ParkedReports;

  constructor(private readonly deps: {
    store: Store; fleet: FleetRegistry; router: FleetRouter; publisher: EventPublisher; logger: FastifyBaseLogger; retentionDays: number;
    inbound: InboundHandler;
  }) {
    this.parked = new ParkedReports(deps.store);
  }

  /** Process the reports of one webhook that arrived on `connectionId`. */
  async process(connectionId: string, reports: GatewayReport[], now: Date): Promise<ProcessResult> {
    const res: ProcessResult = { applied: 0, unchanged: 0, duplicates: 0, parked: 0, inbound: 0, heartbeats: 0 };
    for (const r of reports) {
      const eventKey = 'gatewayEventId' in r && r.gatewayEventId ? `report:${r.gateway}:${connectionId}:${r.gatewayEventId}` : undefined;
      if (eventKey && !(await this.deps.store.dedupe.firstSeen(eventKey, DEDUPE_TTL_MS))) { res.duplicates++; continue; }
      if (r.kind === 'status') {
        const outcome = await this.applyStatus(r, now);
        if (outcome === 'orphan') { await this.park(connectionId, r, now); res.parked++; } else res[outcome]++;
      } else if (r.kind === 'inbound') {
        if (await this.inbound(connectionId, r, now)) res.inbound++; else res.duplicates++;
      } else {
        const deviceId = this.deps.fleet.deviceIdFor(connectionId, r.deviceId);
        if (deviceId) { await this.deps.router.heartbeat(deviceId, r.online, now); res.heartbeats++; }
      }
    }
    return res;
  }

  /** Apply one status report; 'orphan' when no message matches (yet). */
  async applyStatus(r: StatusReport, now: Date): Promise<'applied' | 'unchanged' | 'orphan'> {
    const { store } = this.deps;
    let id = r.clientId && (await store.messages.get(r.clientId)) ? r.clientId : undefined;
    id ??= await store.messages.byGatewayId(r.gateway, r.gatewayMessageId);
    if (!id) return 'orphan';
    const event: StatusEvent = { id: newId('evt', now), messageId: id, status: r.status, at: r.at, source: 'gateway', gateway: r.gateway };
    if (r.gatewayEventId) event.gatewayEventId = r.gatewayEventId;
    if (r.segment) event.segment = r.segment;
    if (r.segmentsTotal) event.segmentsTotal = r.segmentsTotal;
    if (r.failure) event.failure = r.failure;
    let previous = r.status;
    let held: Reservation | undefined;
    // A report about a hand-over that was cancelled and requeued must not touch the message's new life.
    const u = await store.messages.update(id, (c) => {
      previous = c.status;
      held = undefined;
      if (c.supersededGatewayIds?.includes(r.gatewayMessageId)) return null;
      if (isOwnCancellation(c, r.gatewayMessageId, r.status)) return null;
      const change = applyToMessage(c, event, now);
      if (!change || !c.reservation || !phoneHasSent(change.message.status)) return change;
      // The first report that shows the phone sent it settles the hand-over's SIM budget.
      held = c.reservation;
      const { reservation: _settled, ...message } = change.message;
      return { ...change, message };
    });
    if (!u?.changed) return 'unchanged';
    if (held) {
      await this.deps.router.confirm(held, now); // the report's arrival: no earlier than the real send
      // The first word from the phone about this hand-over, and it has sent: the phone is alive, whatever streak of
      // silence (pickup timeouts behind a cloud server) it had.
      if (u.value.from && PHONE_TRANSMITTED.includes(u.value.status)) await this.phoneAlive(u.value.from.deviceId, now);
    }
    if (u.value.status !== previous) await this.deps.publisher.publish(statusChangedEvent(u.value, previous, now));
    return 'applied';
  }

  /** Bring `deviceId` back online after a report that shows it transmitting, unless it already is (no write then). */
  private async phoneAlive(deviceId: string, now: Date): Promise<void> {
    const d = await this.deps.store.devices.get(deviceId);
    if (d && (d.health === 'offline' || d.consecutiveFailures > 0)) await this.deps.router.recordOutcome(deviceId, 'ok', now);
  }

  /**
   * A report can beat our own record of the gateway id (the phone is fast, or the hub crashed between the gateway's
   * answer and the link): keep it in the store until the link is written (the hand-over applies it then, see
   * {@link applyParked}). If the link landed while it was being parked, apply it now.
   */
  private async park(connectionId: string, r: StatusReport, now: Date): Promise<void> {
    await this.parked.park(connectionId, r, now);
    if (await this.deps.store.messages.byGatewayId(r.gateway, r.gatewayMessageId)) await this.applyParked(r.gateway, r.gatewayMessageId, now);
  }

  /** Apply the reports parked for a gateway id that was just linked to its message. */
  async applyParked(gateway: string, gatewayMessageId: string, now: Date): Promise<void> {
    await this.parked.drain(gateway, gatewayMessageId, (r) => this.applyStatus(r, now));
  }

  /** The backstop: retry parked reports whose retry is due (their link may have been written by a hub that crashed before applying them). */
  retryParked(now: Date): Promise<number> {
    return this.parked.retryDue(now, (r) => this.applyStatus(r, now));
  }

  private async inbound(connectionId: string, r: Extract<GatewayReport, { kind: 'inbound' }>, now: Date): Promise<boolean> {
    if (!r.gatewayEventId && r.gatewayMessageId && !(await this.deps.store.dedupe.firstSeen(`inbound:${r.gateway}:${r.gatewayMessageId}`, DEDUPE_TTL_MS))) return false;
    const deviceId = this.deps.fleet.deviceIdFor(connectionId, r.deviceId) ?? r.deviceId ?? connectionId;
    const sms: InboundSms = {
      id: newId('in', now), from: r.from, deviceId, body: r.body, receivedAt: r.at, gateway: r.gateway,
      ...(r.to ? { to: r.to } : {}), ...(r.sim ? { sim: r.sim } : {}), ...(r.gatewayMessageId ? { gatewayMessageId: r.gatewayMessageId } : {}),
      retainUntil: new Date(now.getTime() + this.deps.retentionDays * 86400_000).toISOString(),
    };
    await this.deps.inbound.handle(sms, now);
    return true;
  }
}
