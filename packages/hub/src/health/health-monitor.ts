import type { FastifyBaseLogger } from 'fastify';
import { applySilence, type Clock, type FleetRouter, type Store } from '@smsfleet/core';
import { WorkerLoop } from '../send/worker-loop';
import type { EventPublisher } from '../webhooks/publisher';
import { publishHealthChanges } from './health-events';

/** Tuning of the {@link HealthMonitor}. */
export interface HealthMonitorSettings {
  /** Silence after which a phone that sends heartbeats goes offline (`SMSFLEET_DEVICE_OFFLINE_AFTER`; 0: never). */
  offlineAfterMs: number;
  /** How often it looks (default: a sixth of `offlineAfterMs`, between 1 s and 1 min). */
  everyMs?: number;
}

/** The monitor's period for a silence limit: a sixth of it, between 1 s and 1 min. */
export function healthCheckEvery(offlineAfterMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor((offlineAfterMs || 360_000) / 6)));
}

/**
 * The device health monitor, a loop on a {@link Clock}: every period it marks offline each phone that sends
 * heartbeats and gave no sign of life for `offlineAfterMs` (a compare-and-set: on several hubs one of them does it,
 * and one change is noted), closing its probe gate so the router routes around it for the cooldown; then it publishes
 * every noted change between offline and online (`device.offline`, `device.online`, from silence here, from heartbeats
 * and hand-overs elsewhere) once across hubs. {@link wake} publishes at once (a heartbeat just brought a phone back).
 */
export class HealthMonitor extends WorkerLoop {
  private readonly offlineAfterMs: number;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'devices' | 'queue' | 'signals'>;
      router: Pick<FleetRouter, 'heartbeat'>;
      publisher: Pick<EventPublisher, 'publish'>;
      clock: Clock;
      logger: FastifyBaseLogger;
      settings: HealthMonitorSettings;
    },
  ) {
    super(deps, [], deps.settings.everyMs ?? healthCheckEvery(deps.settings.offlineAfterMs));
    this.offlineAfterMs = deps.settings.offlineAfterMs;
  }

  /** One look at `now`: silence first, then publishing. Returns 0 (the loop sleeps its period). */
  override async runOnce(now: Date): Promise<number> {
    const { store, router, logger } = this.deps;
    for (const d of await store.devices.list()) {
      let pending = Boolean(d.healthChanges?.length);
      if (this.offlineAfterMs > 0 && applySilence(d, now, this.offlineAfterMs)) {
        const res = await store.devices.update(d.id, (c) => applySilence(c, now, this.offlineAfterMs));
        if (res?.changed) {
          logger.warn({ deviceId: d.id, lastHeartbeatAt: d.lastHeartbeatAt }, 'device silent: marked offline');
          await router.heartbeat(d.id, false, now); // closes its probe gate: routed around for the cooldown
          pending = true;
        }
      }
      if (!pending) continue;
      try {
        await publishHealthChanges(this.deps, d.id, now);
      } catch (err) {
        logger.warn({ err, deviceId: d.id }, 'could not publish device health events; will try again');
      }
    }
    return 0;
  }
}
