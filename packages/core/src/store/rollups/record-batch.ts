import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/** The most records one script call carries. */
export const MAX_RECORD_BATCH = 256;

/** One message's compare-and-set, as the record script takes it (see lua/record-rollup-n.lua). */
export interface RecordCall {
  statesKey: string;
  messageId: string;
  expected: string;
  value: string;
  keepUntil: number | null;
  setExpiry: boolean;
  entry: string;
}

interface Month {
  log: string;
  prefix: string;
  calls: { call: RecordCall; done: (r: 1 | string) => void; fail: (e: unknown) => void }[];
}

/**
 * Groups the records made in one turn of the event loop by month and sends each group as one script call: a burst
 * (a bulk send's creates, a batch of status reports) costs one round trip per month instead of one per message. Each
 * message keeps its own compare-and-set inside the script, so grouping changes no outcome; a record still resolves
 * only once its script has run.
 */
export class RecordBatcher {
  private readonly months = new Map<string, Month>();

  constructor(
    private readonly redis: RedisClient,
    private readonly foldAt: number,
  ) {}

  /** Queue `call` for the month's next script call; resolves with 1 (applied) or the stored state. */
  run(month: { log: string; prefix: string }, call: RecordCall): Promise<1 | string> {
    let m = this.months.get(month.log);
    if (!m) {
      this.months.set(month.log, (m = { ...month, calls: [] }));
      setImmediate(() => this.flush(month.log));
    }
    const batch = m;
    const p = new Promise<1 | string>((done, fail) => batch.calls.push({ call, done, fail }));
    if (batch.calls.length >= MAX_RECORD_BATCH) this.flush(month.log);
    return p;
  }

  private flush(log: string): void {
    const m = this.months.get(log);
    if (!m) return;
    this.months.delete(log);
    const keys = [m.log];
    const index = new Map<string, number>();
    const args: (string | number)[] = [this.foldAt, m.prefix];
    for (const { call: c } of m.calls) {
      let i = index.get(c.statesKey);
      if (i === undefined) {
        keys.push(c.statesKey);
        index.set(c.statesKey, (i = keys.length));
      }
      args.push(i, c.messageId, c.expected, c.value, c.keepUntil ?? '', c.setExpiry ? '1' : '0', c.entry);
    }
    SCRIPTS.recordRollup.run(this.redis, keys, args).then(
      (res) => {
        const out = res as (1 | string)[];
        for (const [i, c] of m.calls.entries()) c.done(out[i]!);
      },
      (e: unknown) => {
        for (const c of m.calls) c.fail(e);
      },
    );
  }
}
