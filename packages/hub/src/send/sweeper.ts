import type { FastifyBaseLogger } from 'fastify';
import type { Clock, Store } from '@smsfleet/core';
import { CreateFinisher } from './create-outbox';
import { WorkerLoop } from './worker-loop';

/** Tuning of the sweeper. */
export interface SweeperSettings {
  /** How often it looks for half-done creates (`SMSFLEET_SWEEP_EVERY`). */
  everyMs: number;
  /** A create is only repaired once it is this old, so a request still finishing its own follow-ups is left alone. */
  graceMs: number;
  /** Creates repaired per round. */
  batch: number;
}

export const DEFAULT_SWEEPER_SETTINGS: SweeperSettings = { everyMs: 60_000, graceMs: 60_000, batch: 100 };

/**
 * Finishes creates left half-done with nobody retrying them (step 3 of the message path): a crash or a store failure
 * after the message was written, before its index, claim, links, contact or jobs were. Each such message keeps an
 * outbox in its own record until its follow-ups are done; every `everyMs` the sweeper repairs those older than
 * `graceMs` (the store redoes the claim and index, and discards a message that lost its key to a retry: that one was
 * never answered), so an accepted message always gets its send job and tracking deadline. Safe on several hubs:
 * every step repairs only what is missing.
 */
export class Sweeper extends WorkerLoop {
  private readonly s: SweeperSettings;
  private readonly finisher: CreateFinisher;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'contacts' | 'links' | 'messages' | 'queue' | 'rollups' | 'signals'>;
      clock: Clock;
      logger: FastifyBaseLogger;
      settings?: Partial<SweeperSettings>;
      onRepaired?: () => void;
    },
  ) {
    const s = { ...DEFAULT_SWEEPER_SETTINGS, ...deps.settings };
    super(deps, [], s.everyMs);
    this.s = s;
    this.finisher = new CreateFinisher(deps.store);
  }

  /** One sweep at `now`; returns how many creates it finished (more may be left: the loop runs again at once). */
  override async runOnce(now: Date): Promise<number> {
    const ids = await this.deps.store.messages.pendingCreates(new Date(now.getTime() - this.s.graceMs), this.s.batch);
    let repaired = 0;
    for (const id of ids) {
      try {
        if (await this.finisher.repair(id)) {
          repaired++;
          this.deps.logger.warn({ messageId: id }, 'finished a create that was left half-done');
        }
      } catch (e) {
        this.deps.logger.warn({ err: e, messageId: id }, 'could not finish a half-done create; will try again');
      }
    }
    if (repaired) this.deps.onRepaired?.();
    return repaired;
  }
}
