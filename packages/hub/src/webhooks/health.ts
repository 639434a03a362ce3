import { newId, type Clock, type Store, type Subscription } from '@smsfleet/core';
import type { HubConfig } from '../config';
import type { WebhookMetrics } from './metrics';
import type { EventPublisher } from './publisher';

/** The logging {@link SubscriptionHealth} needs (pino and fastify's logger fit). */
export interface HealthLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Dependencies of {@link SubscriptionHealth}. */
export interface HealthDeps {
  store: Pick<Store, 'subscriptions'>;
  clock: Clock;
  publisher: EventPublisher;
  settings: Pick<HubConfig['webhooks'], 'alarmAfter' | 'disableAfterFailures' | 'disableAfterMs'>;
  metrics?: WebhookMetrics;
  logger: HealthLogger;
}

/**
 * Why `s` (its failure run already counted) must be disabled now, or undefined: `disableAfterFailures` attempts
 * in a row failed, or every attempt since `failingSince` failed for `disableAfterMs`. A setting of 0 is off.
 */
export function disableReason(
  s: Subscription,
  now: number,
  settings: HealthDeps['settings'],
  lastError: string | undefined,
): string | undefined {
  const last = lastError ? ` (last: ${lastError.slice(0, 100)})` : '';
  const { disableAfterFailures: count, disableAfterMs: span } = settings;
  if (count > 0 && s.consecutiveFailures >= count) return `${s.consecutiveFailures} failed attempts in a row${last}`;
  const since = s.failingSince ? Date.parse(s.failingSince) : undefined;
  if (span > 0 && since !== undefined && now - since >= span) {
    return `only failed attempts since ${s.failingSince}${last}`;
  }
  return undefined;
}

/**
 * The health of subscriptions as deliveries go: counts failures in a row, raises the alarm (`failing`,
 * `webhook.failing` to the other subscriptions) and disables a subscription that fails too long
 * (`disabledAt`, `webhook.disabled` to the other subscriptions); a success clears the alarm and the run.
 */
export class SubscriptionHealth {
  /**
   * Failures this process noted, per subscription, since its last success was written: the snapshot a delivery
   * reads may predate them, and a success must still reset the run they started.
   */
  private readonly failedHere = new Map<string, number>();

  constructor(private readonly d: HealthDeps) {}

  /** A delivery to `seen` (as read for it) succeeded. */
  async noteSuccess(seen: Subscription): Promise<void> {
    // The common case, a healthy subscription as read for this delivery and no failure noted here since, needs no
    // write (nor another read); a failure noted meanwhile by another hub is reset by the next success.
    const noted = this.failedHere.get(seen.id);
    if (noted === undefined && seen.consecutiveFailures === 0 && !seen.failing && !seen.failingSince) return;
    const subscriptionId = seen.id;
    let cleared = false;
    await this.d.store.subscriptions.update(subscriptionId, (s) => {
      cleared = s.failing;
      if (s.consecutiveFailures === 0 && !s.failing && !s.failingSince) return null;
      const { failingSince: _since, ...rest } = s;
      return { ...rest, consecutiveFailures: 0, failing: false };
    });
    // A failure noted while this success was written starts a new run: keep it.
    if (this.failedHere.get(subscriptionId) === noted) this.failedHere.delete(subscriptionId);
    if (cleared) {
      this.d.metrics?.alarms.inc({ transition: 'cleared' });
      this.d.logger.info({ subscriptionId }, 'webhook subscription recovered; alarm cleared');
    }
  }

  /** An attempt to `subscriptionId` failed with `lastError`. */
  async noteFailure(subscriptionId: string, lastError: string | undefined): Promise<void> {
    this.failedHere.set(subscriptionId, (this.failedHere.get(subscriptionId) ?? 0) + 1);
    const now = this.d.clock.now();
    let raised = false;
    let disabled = false;
    const r = await this.d.store.subscriptions.update(subscriptionId, (s) => {
      const consecutiveFailures = s.consecutiveFailures + 1;
      const failing = s.failing || consecutiveFailures >= this.d.settings.alarmAfter;
      raised = failing && !s.failing;
      const next = { ...s, consecutiveFailures, failing, failingSince: s.failingSince ?? new Date(now).toISOString() };
      const reason = s.disabledAt ? undefined : disableReason(next, now, this.d.settings, lastError);
      disabled = reason !== undefined;
      return reason === undefined ? next : { ...next, disabledAt: new Date(now).toISOString(), disabledReason: reason };
    });
    if (!r) return;
    if (raised) await this.announceFailing(r.value, lastError);
    if (disabled) await this.announceDisabled(r.value);
  }

  private async announceFailing(sub: Subscription, lastError: string | undefined): Promise<void> {
    this.d.metrics?.alarms.inc({ transition: 'raised' });
    this.d.logger.warn(
      { subscriptionId: sub.id, url: sub.url, consecutiveFailures: sub.consecutiveFailures, lastError },
      'webhook subscription keeps failing; alarm raised',
    );
    const at = new Date(this.d.clock.now());
    await this.d.publisher.publish(
      {
        id: newId('evt', at),
        type: 'webhook.failing',
        timestamp: at.toISOString(),
        data: {
          subscriptionId: sub.id,
          url: sub.url,
          consecutiveFailures: sub.consecutiveFailures,
          at: at.toISOString(),
          ...(lastError ? { lastError } : {}),
        },
      },
      { exclude: [sub.id] },
    );
  }

  private async announceDisabled(sub: Subscription): Promise<void> {
    this.d.metrics?.alarms.inc({ transition: 'disabled' });
    const reason = sub.disabledReason ?? 'failing';
    this.d.logger.warn(
      { subscriptionId: sub.id, url: sub.url, reason },
      'webhook subscription disabled; its deliveries are held',
    );
    const at = new Date(this.d.clock.now());
    await this.d.publisher.publish(
      {
        id: newId('evt', at),
        type: 'webhook.disabled',
        timestamp: at.toISOString(),
        data: {
          subscriptionId: sub.id,
          url: sub.url,
          reason,
          consecutiveFailures: sub.consecutiveFailures,
          at: sub.disabledAt ?? at.toISOString(),
        },
      },
      { exclude: [sub.id] },
    );
  }
}
