import type { FastifyBaseLogger } from 'fastify';
import {
  applyToMessage,
  isSmsfleetError,
  isStaleReport,
  needsConfirmation,
  newId,
  phoneHasSent,
  SmsfleetError,
  transition,
  type FleetRouter,
  type GatewayReport,
  type Message,
  type MessageStatus,
  type Reservation,
  type StatusEvent,
  type Store,
  type TransitionPorts,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import type { InboundHandler } from '../engagement/inbound-handler';
import { confirmInbound, confirmStatus, handedOverThrough } from './report-authority';
import { DEDUPE_TTL_MS, inboundReport } from './inbound-report';
import { ParkedReports, type ParkedReport } from './parked-reports';
import { phoneAlive } from './phone-seen';
import { recordHeartbeat } from '../health/record-heartbeat';
import { transitionPorts } from '../send/transition-ports';

export type { ParkedReport };

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;

/** The message a report's gateway id was just linked to, as last written (updated as reports apply). */
interface LinkedMessage {
  message: Message;
}

/**
 * What the report processor did with one batch. `refused`: verified reports with no authority over what they name
 * (another connection's message or phone, or an httpSMS report its API does not confirm): nothing changed.
 */
export interface ProcessResult {
  applied: number;
  unchanged: number;
  duplicates: number;
  parked: number;
  inbound: number;
  heartbeats: number;
  refused: number;
}

/**
 * The key a gateway's report is deduplicated by (its event id, per gateway and connection), or undefined when the
 * gateway gives none (or the connection is not known).
 */
function reportKey(r: GatewayReport, connectionId: string | undefined): string | undefined {
  if (connectionId === undefined || !('gatewayEventId' in r) || !r.gatewayEventId) return undefined;
  return `report:${r.gateway}:${connectionId}:${r.gatewayEventId}`;
}

/** Statuses that show the phone itself transmitting (a `failed` may come from a cloud server giving up on it). */
const PHONE_TRANSMITTED: readonly MessageStatus[] = ['sending', 'sent', 'delivered'];

/**
 * Steps 7-9 of the message path, after an adapter verified and parsed a webhook: drop duplicates, match
 * the report to a message, apply it through the status model in an atomic compare-and-set, and publish
 * real changes. Inbound texts are stored and published; heartbeats update device health.
 */
export class ReportProcessor {
  private readonly parked: ParkedReports;
  private readonly ports: TransitionPorts;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'messages' | 'queue' | 'dedupe' | 'devices' | 'rollups' | 'inbound' | 'media'>;
      fleet: FleetRegistry;
      router: FleetRouter;
      publisher: EventPublisher;
      logger: FastifyBaseLogger;
      retentionDays: number;
      inbound: InboundHandler;
    },
  ) {
    this.parked = new ParkedReports(deps.store);
    this.ports = transitionPorts(deps);
  }

  /** Process the reports of one webhook that arrived on `connectionId`. */
  async process(connectionId: string, reports: GatewayReport[], now: Date): Promise<ProcessResult> {
    const res: ProcessResult = {
      applied: 0,
      unchanged: 0,
      duplicates: 0,
      parked: 0,
      inbound: 0,
      heartbeats: 0,
      refused: 0,
    };
    const adapter = this.deps.fleet.forConnection(connectionId)?.adapter;
    for (let r of reports) {
      // A gateway whose signature does not cover the body (httpSMS) is asked first, before the report is marked seen:
      // a lookup that fails throws, and the gateway's retry is then applied rather than dropped as a duplicate.
      if (adapter && needsConfirmation(adapter) && r.kind !== 'heartbeat') {
        const c = await (r.kind === 'status'
          ? confirmStatus(adapter, r, this.deps.store)
          : confirmInbound(adapter, r)
        ).catch((err: unknown) => {
          if (isSmsfleetError(err)) throw err;
          throw new SmsfleetError(
            'SMSFLEET_ERR_GATEWAY',
            `Could not confirm the ${r.gateway} report with its API; ` +
              'answered as an error so the gateway sends it again.',
            { reason: err instanceof Error ? err.message : String(err) },
          );
        });
        if (!c.ok) {
          this.refuse(connectionId, r, c.reason);
          res.refused++;
          continue;
        }
        r = c.report;
      }
      // An event counts as seen only once its processing completed (each step below is idempotent, so duplicates
      // processed side by side are safe): marked first, a failure would turn the gateway's retry into a dropped
      // duplicate. Only an inbound text is checked before (a repeat would publish its event again); a repeated status
      // report or heartbeat changes nothing, and skipping the check keeps the common path at one dedupe call (none
      // for a status report: it is recorded on its message, in the compare-and-set of its change).
      const eventKey = reportKey(r, connectionId);
      if (eventKey && r.kind === 'inbound' && (await this.deps.store.dedupe.seen(eventKey))) {
        res.duplicates++;
        continue;
      }
      let outcome: keyof ProcessResult | undefined;
      if (r.kind === 'status') {
        const applied = await this.applyStatus(r, now, connectionId);
        if (applied === 'orphan') {
          await this.park(connectionId, r, now);
          outcome = 'parked';
        } else outcome = applied;
      } else if (r.kind === 'inbound') {
        const deviceId = this.deps.fleet.ownDevice(connectionId, { deviceId: r.deviceId, to: r.to });
        if (!deviceId) {
          this.refuse(connectionId, r, "the phone it names is not one of this connection's");
          res.refused++;
          continue;
        }
        const fresh = await inboundReport(this.deps, { connectionId, deviceId, report: r }, now);
        outcome = fresh ? 'inbound' : 'duplicates';
      } else {
        const deviceId = this.deps.fleet.deviceIdFor(connectionId, r.deviceId);
        if (deviceId) {
          const d = await recordHeartbeat(this.deps, deviceId, r, now);
          if (d?.healthChanges?.length) this.onHealthChange?.();
          outcome = 'heartbeats';
        }
      }
      // A status report that reached its message was recorded on it (a repeat came back as 'duplicates'); only the
      // others (parked, refused) and heartbeats are marked here.
      const onMessage = r.kind === 'status' && outcome !== 'parked' && outcome !== 'refused';
      if (eventKey && !onMessage) {
        const first = await this.deps.store.dedupe.firstSeen(eventKey, DEDUPE_TTL_MS);
        if (!first && r.kind !== 'inbound') outcome = 'duplicates';
      }
      if (outcome) res[outcome]++;
    }
    return res;
  }

  /** Called when a heartbeat noted a change between offline and online (the health monitor publishes it). */
  onHealthChange?: () => void;

  /** Refusals so far, by reason (for /metrics). */
  refusals(): ReadonlyMap<string, number> {
    return this.refused;
  }

  private readonly refused = new Map<string, number>();

  /** Count and log a verified report that has no authority over what it names; it changes nothing. */
  private refuse(connectionId: string | undefined, r: GatewayReport, reason: string): void {
    const key = `${r.gateway}:${r.kind}`;
    this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    this.deps.logger.warn(
      {
        connectionId,
        gateway: r.gateway,
        kind: r.kind,
        reason,
        ...('gatewayMessageId' in r && r.gatewayMessageId ? { gatewayMessageId: r.gatewayMessageId } : {}),
      },
      'gateway report refused: no authority over what it names',
    );
  }

  /**
   * Apply one status report verified with `connectionId`'s credentials; 'orphan' when no message matches (yet),
   * 'refused' when the message it names was handed over through another connection (or the connection is not known, as
   * for a report parked before it was recorded): a connection's report only ever touches its own hand-overs.
   */
  async applyStatus(
    r: StatusReport,
    now: Date,
    connectionId: string | undefined,
    linked?: LinkedMessage,
  ): Promise<'applied' | 'unchanged' | 'duplicates' | 'orphan' | 'refused'> {
    const { store } = this.deps;
    const report = reportKey(r, connectionId);
    const byClient = r.clientId ? await store.messages.get(r.clientId) : undefined;
    // Our id echoed back counts only for a message handed over through this connection (an httpSMS request_id naming a
    // textbee message is no match); gateway ids are checked the same way below, as the link is per gateway kind.
    let id = byClient && handedOverThrough(byClient, connectionId, this.deps.fleet) === 'yes' ? byClient.id : undefined;
    id ??= linked ? linked.message.id : await store.messages.byGatewayId(r.gateway, r.gatewayMessageId);
    if (!id && byClient) id = byClient.id;
    if (!id) return 'orphan';
    let authority = 'yes' as ReturnType<typeof handedOverThrough>;
    const event: StatusEvent = {
      id: newId('evt', now),
      messageId: id,
      status: r.status,
      at: r.at,
      source: 'gateway',
      gateway: r.gateway,
    };
    if (r.gatewayEventId) event.gatewayEventId = r.gatewayEventId;
    if (r.segment) event.segment = r.segment;
    if (r.segmentsTotal) event.segmentsTotal = r.segmentsTotal;
    if (r.failure) event.failure = r.failure;
    let held: Reservation | undefined;
    // A report about a hand-over that was cancelled and requeued must not touch the message's new life. The change and
    // its event are written together, then the event is published (core's transition).
    const u = await transition(
      this.ports,
      id,
      (c) => {
        held = undefined;
        authority = handedOverThrough(c, connectionId, this.deps.fleet);
        if (authority !== 'yes') return null;
        if (isStaleReport(c, r.gatewayMessageId, r.status)) return null;
        const change = applyToMessage(c, event, now);
        if (!change || !c.reservation || !phoneHasSent(change.message.status)) return change;
        // The first report that shows the phone sent it settles the hand-over's SIM budget.
        held = c.reservation;
        const { reservation: _settled, ...message } = change.message;
        return { ...change, message };
      },
      now,
      // just read (or written): no second read unless it changed meanwhile
      id === byClient?.id ? byClient : id === linked?.message.id ? linked.message : undefined,
      // recorded on the message with the change (or alone): a repeat is told apart with no dedupe call of its own
      report === undefined ? undefined : { report },
    );
    if (linked && u?.value.id === linked.message.id) linked.message = u.value;
    if (authority === 'not-yet') return 'orphan';
    if (authority === 'no') {
      this.refuse(connectionId, r, 'the message it names was handed over through another connection');
      return 'refused';
    }
    if (!u?.changed) return u?.seen ? 'duplicates' : 'unchanged';
    if (held) {
      await this.deps.router.confirm(held, now); // the report's arrival: no earlier than the real send
      // The first word from the phone about this hand-over, and it has sent: the phone is alive, whatever streak of
      // silence (pickup timeouts behind a cloud server) it had.
      if (u.value.from && PHONE_TRANSMITTED.includes(u.value.status))
        await phoneAlive(this.deps, u.value.from.deviceId, now);
    }
    return u.seen ? 'duplicates' : 'applied';
  }

  /**
   * A report can beat our own record of the gateway id (the phone is fast, or the hub crashed between the gateway's
   * answer and the link): keep it in the store until the link is written (the hand-over applies it then, see
   * {@link applyParked}). If the link landed while it was being parked, apply it now.
   */
  private async park(connectionId: string, r: StatusReport, now: Date): Promise<void> {
    await this.parked.park(connectionId, r, now);
    if (await this.deps.store.messages.byGatewayId(r.gateway, r.gatewayMessageId))
      await this.applyParked(r.gateway, r.gatewayMessageId, now);
  }

  /**
   * Apply the reports parked for a gateway id that was just linked to its message. `linked`: that message as the
   * hand-over wrote it, which spares each report the link's lookup and (while it is current) the message's read.
   */
  async applyParked(gateway: string, gatewayMessageId: string, now: Date, linked?: Message): Promise<void> {
    const held = linked && { message: linked };
    await this.parked.drain(gateway, gatewayMessageId, (r) => this.applyStatus(r, now, r.connectionId, held));
  }

  /**
   * The backstop: retry parked reports whose retry is due (their link may have been written by a hub that crashed
   * before applying them).
   */
  retryParked(now: Date): Promise<number> {
    return this.parked.retryDue(now, (r) => this.applyStatus(r, now, r.connectionId));
  }
}
