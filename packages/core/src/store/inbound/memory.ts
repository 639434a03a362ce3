import type { InboundSms } from '../../schemas';
import type { Page, PageArgs } from '../port';
import type { InboundRepo } from './port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { matchInbound, timeRange, type InboundFilter } from '../shared/match';
import { check, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { packInbound, unpackInbound } from '../memory/codec';
import { SortedIndex } from '../memory/sorted-index';

/** The in-memory {@link InboundRepo}: packed records, a receivedAt index and a retention index. */
export class MemoryInbound implements InboundRepo {
  private readonly records = new Map<string, string>();
  private readonly byTime = new SortedIndex();
  private readonly byRetention = new SortedIndex();

  async add(sms: InboundSms): Promise<void> {
    const s = check.inbound(sms);
    const old = this.records.get(s.id);
    if (old !== undefined) this.unindex(s.id, unpackInbound(old));
    this.records.set(s.id, packInbound(s));
    this.byTime.insert(toMs(s.receivedAt), s.id);
    if (s.retainUntil !== undefined) this.byRetention.insert(toMs(s.retainUntil), s.id);
  }

  async get(id: string): Promise<InboundSms | undefined> {
    const rec = this.records.get(id);
    return rec === undefined ? undefined : unpackInbound(rec);
  }

  async list(filter: InboundFilter, page?: PageArgs): Promise<Page<InboundSms>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const range = timeRange(filter);
    const filtered = filter.from !== undefined || filter.deviceId !== undefined;
    return scanPage<InboundSms>(
      {
        next: async (a, n) => this.byTime.page(a, n, range.min, range.max, true),
        load: async (ids) =>
          ids.map((i) => {
            const rec = this.records.get(i);
            return rec === undefined ? undefined : unpackInbound(rec);
          }),
      },
      { after, limit, match: filtered ? (s) => matchInbound(filter, s) : undefined },
    );
  }

  /** Delete inbound texts whose retainUntil is before `now`. */
  purge(now: number): number {
    let n = 0;
    while (this.byRetention.size > 0 && this.byRetention.scoreAt(0) < now) {
      const id = this.byRetention.idAt(0);
      const rec = this.records.get(id)!;
      this.unindex(id, unpackInbound(rec));
      this.records.delete(id);
      n++;
    }
    return n;
  }

  private unindex(id: string, s: InboundSms): void {
    this.byTime.remove(toMs(s.receivedAt), id);
    if (s.retainUntil !== undefined) this.byRetention.remove(toMs(s.retainUntil), id);
  }
}
