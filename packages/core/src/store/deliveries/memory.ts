import type { DeliveryAttempt } from '../../schemas';
import type { DeliveryLog } from '../deliveries/port';
import type { Page, PageArgs } from '../port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, toMs } from '../shared/records';
import { spendVouch } from '../shared/vouched';
import { scanPage } from '../shared/scan';
import { SortedIndex } from '../memory/sorted-index';

interface SubLog {
  all: SortedIndex;
  dead: SortedIndex;
  recs: Map<string, string>;
}

/** In-memory {@link DeliveryLog}: per subscription, attempts by time (all, and dead-lettered only), capped. */
export class MemoryDeliveryLog implements DeliveryLog {
  private readonly logs = new Map<string, SubLog>();
  constructor(private readonly cap: number) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    this.put(checked(attempt));
  }

  async recordMany(attempts: readonly DeliveryAttempt[]): Promise<void> {
    // All checked before any is put: one bad attempt records none, as before.
    for (const a of attempts.map(checked)) this.put(a);
  }

  private put(a: DeliveryAttempt): void {
    const log = this.logs.get(a.subscriptionId) ?? {
      all: new SortedIndex(),
      dead: new SortedIndex(),
      recs: new Map<string, string>(),
    };
    this.logs.set(a.subscriptionId, log);
    const old = log.recs.get(a.id);
    if (old !== undefined) this.unindex(log, JSON.parse(old) as DeliveryAttempt);
    log.recs.set(a.id, JSON.stringify(a));
    log.all.insert(toMs(a.at), a.id);
    if (a.deadLettered) log.dead.insert(toMs(a.at), a.id);
    while (log.all.size > this.cap) {
      const { score, id } = log.all.at(0);
      log.all.remove(score, id);
      log.dead.remove(score, id);
      log.recs.delete(id);
    }
  }

  async get(subscriptionId: string, id: string): Promise<DeliveryAttempt | undefined> {
    const s = this.logs.get(subscriptionId)?.recs.get(id);
    return s === undefined ? undefined : (JSON.parse(s) as DeliveryAttempt);
  }

  async list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const log = this.logs.get(subscriptionId);
    if (!log) return { items: [] };
    const index = page?.deadLetteredOnly ? log.dead : log.all;
    return scanPage<DeliveryAttempt>(
      {
        next: async (a, n) => index.page(a, n, -Infinity, Infinity, true),
        load: async (ids) =>
          ids.map((id) => {
            const s = log.recs.get(id);
            return s === undefined ? undefined : (JSON.parse(s) as DeliveryAttempt);
          }),
      },
      { after, limit },
    );
  }

  /** Forget a subscription's whole log. */
  drop(subscriptionId: string): void {
    this.logs.delete(subscriptionId);
  }

  private unindex(log: SubLog, a: DeliveryAttempt): void {
    log.all.remove(toMs(a.at), a.id);
    log.dead.remove(toMs(a.at), a.id);
  }
}

/**
 * An attempt the hub vouched for (shared/vouched.ts) as it is: put() stores it serialized at once, so a later change
 * by the caller cannot reach the log. Anything else is parsed, and refused naming the field.
 */
function checked(a: DeliveryAttempt): DeliveryAttempt {
  return spendVouch(a) ? a : check.attempt(a);
}
