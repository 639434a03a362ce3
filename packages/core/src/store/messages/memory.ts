import type { Clock } from '../../clock';
import { SmsfleetError } from '../../errors';
import type { Message, StatusEvent } from '../../schemas';
import type { Page, PageArgs } from '../port';
import type {
  CreateOptions,
  CreateResult,
  MessageChange,
  MessageFilter,
  MessageRepo,
  MessageUpdate,
  UpdateOptions,
} from './port';
import { invalid, pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { hasMessageFilter, matchMessage, timeRange } from '../shared/match';
import { checkMessage, checkMessageUpdate, cloneJson, keepId, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { packEvent, packGateway, packMessage, unpackEvent, unpackGateway, unpackMessage } from '../memory/codec';
import { SortedIndex } from '../memory/sorted-index';
import { checkCreateOptions, checkGatewayId, checkPending, checkUpdateOptions } from './args';

/**
 * A message record is one string: the packed message on the first line, then one line per timeline event
 * (`[`…, oldest first) and one per gateway id link (`L`…). JSON never contains a raw newline, so lines
 * split cleanly, and one flat string per message is the cheapest shape V8 can hold.
 */
const linkLine = (gateway: string, gatewayMessageId: string) =>
  `L${JSON.stringify([packGateway(gateway), gatewayMessageId])}`;
/**
 * The link line of the message's own gateway id (the usual link): a bare `L`, since the head holds the id. Written
 * out in full before the head's gateway id changes (see update).
 */
const OWN_LINK = 'L';
/** The (gateway, gateway id) of each link line of a record whose head is `m`. */
function linksOf(lines: string[], m: Message): [string, string][] {
  const out: [string, string][] = [];
  for (const l of lines) {
    if (l === OWN_LINK) out.push([m.gateway!, m.gatewayMessageId!]);
    else if (l.startsWith('L')) {
      const [gw, gid] = JSON.parse(l.slice(1)) as [string | number, string];
      out.push([unpackGateway(gw), gid]);
    }
  }
  return out;
}
const head = (rec: string, id: string) => {
  const i = rec.indexOf('\n');
  return unpackMessage(i < 0 ? rec : rec.slice(0, i), id);
};
/** A fresh flat copy of a string, so a key never pins a larger string it was sliced from. */
const own = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/**
 * How many messages' last writes are remembered: the clearing update follows its change within milliseconds, so a
 * few hundred cover it at thousands of reports a second. Dropped whole when full; a miss only unpacks the record.
 * Few, so the store's memory per message does not grow with it.
 */
const WRITTEN_MAX = 512;

interface Claim {
  id: string;
  fingerprint?: string;
  expiresAt: number;
}

/** The in-memory {@link MessageRepo}; also purges its expired records. */
export class MemoryMessages implements MessageRepo {
  private readonly records = new Map<string, string>();
  private readonly byTime = new SortedIndex();
  private readonly byRetention = new SortedIndex();
  /** gateway -> gateway message id -> message id (the index's own id string). */
  private readonly links = new Map<string, Map<string, string>>();
  private readonly claims = new Map<string, Claim>();
  /**
   * Pending create outboxes by message id. Create, claim and index are one step here, so only the follow-ups can be
   * left.
   */
  private readonly outboxes = new Map<string, { outbox: string; at: number }>();
  private nextSweep = 1024;
  /** The record each recently updated message was written as, and its version (see `known` in update). */
  private readonly written = new Map<string, { rec: string; version: number }>();

  constructor(private readonly clock: Clock) {}

  async create(message: Message, events: StatusEvent[], opts: CreateOptions = {}): Promise<CreateResult> {
    const checked = checkMessage(message, events);
    const { key, ttl, outbox } = checkCreateOptions(opts);
    const now = this.clock.now();
    if (key !== undefined) {
      const claim = this.claims.get(key);
      const rec = claim && claim.expiresAt > now ? this.records.get(claim.id) : undefined;
      if (rec !== undefined) {
        const pending = this.outboxes.get(claim!.id);
        return {
          message: head(rec, claim!.id),
          created: false,
          fingerprintMatches: claim!.fingerprint === opts.fingerprint,
          ...(pending ? { outbox: pending.outbox } : {}),
        };
      }
    }
    if (this.records.has(checked.message.id)) throw invalid('message.id', 'a message with this id already exists');
    // checked.message is the validator's fresh copy: a message made at version 0 (every send) is kept as it is.
    const m: Message = checked.message.version === 0 ? checked.message : { ...checked.message, version: 0 };
    const id = own(m.id);
    const packed = packMessage(m);
    this.records.set(id, [packed, ...checked.events.map((e) => packEvent(e, id))].join('\n'));
    const createdMs = toMs(m.createdAt);
    this.byTime.insert(createdMs, id);
    if (m.retainUntil !== undefined) this.byRetention.insert(toMs(m.retainUntil), id);
    if (key !== undefined) {
      this.claims.set(key, { id, fingerprint: opts.fingerprint, expiresAt: now + ttl });
      this.sweepClaims(now);
    }
    if (outbox !== undefined) this.outboxes.set(id, { outbox, at: createdMs });
    return { message: m, created: true, fingerprintMatches: true }; // m is the validator's fresh copy
  }

  async pendingCreates(before: Date, limit: number): Promise<string[]> {
    const t = checkPending(before, limit);
    return [...this.outboxes]
      .filter(([, o]) => o.at < t)
      .sort((a, b) => a[1].at - b[1].at)
      .slice(0, limit)
      .map(([id]) => id);
  }

  async repairCreate(id: string): Promise<{ message: Message; outbox: string } | undefined> {
    const pending = this.outboxes.get(id);
    if (!pending) return undefined;
    const rec = this.records.get(id);
    if (rec === undefined) {
      this.outboxes.delete(id);
      return undefined;
    }
    return { message: head(rec, id), outbox: pending.outbox };
  }

  async settleCreate(id: string): Promise<void> {
    this.outboxes.delete(id);
  }

  async get(id: string): Promise<Message | undefined> {
    const rec = this.records.get(id);
    return rec === undefined ? undefined : head(rec, id);
  }

  async update(
    id: string,
    fn: (m: Message) => MessageChange | null,
    known?: Message,
    opts?: UpdateOptions,
  ): Promise<MessageUpdate | undefined> {
    const report = checkUpdateOptions(opts);
    const rec = this.records.get(id);
    if (rec === undefined) return undefined;
    // A caller's copy of the record this store last wrote, at its version, is taken without unpacking the record (the
    // port's contract for `known`, as on Redis): the clearing of a change's published events is such an update.
    const w = known?.id === id ? this.written.get(id) : undefined;
    const current = w !== undefined && w.rec === rec && w.version === known!.version ? known! : head(rec, id);
    const change = fn(cloneJson(current)); // fn may change its argument: it gets a copy
    // A recorded report is a line of its own (JSON: no raw newline), written with the change or alone.
    const mark = report === undefined ? undefined : `S${JSON.stringify(report)}`;
    const seen = mark === undefined ? {} : { seen: rec.includes(`\n${mark}`) }; // a whole line: JSON ends it
    if (!change) {
      if (mark !== undefined && !seen.seen) this.records.set(id, `${rec}\n${mark}`);
      return { value: current, changed: false, events: [], ...seen };
    }
    const checked = checkMessageUpdate(current, change.message, change.events);
    const next: Message = keepId(checked.message, 'id', id); // the validator's own copy
    next.version = current.version + 1;
    const packed = packMessage(next);
    const nl = rec.indexOf('\n');
    const lines = [packed];
    if (nl >= 0) {
      let rest = rec.slice(nl + 1);
      const moved = next.gateway !== current.gateway || next.gatewayMessageId !== current.gatewayMessageId;
      if (moved && rest.split('\n').includes(OWN_LINK))
        rest = rest
          .split('\n')
          .map((l) => (l === OWN_LINK ? linkLine(current.gateway!, current.gatewayMessageId!) : l))
          .join('\n');
      lines.push(rest);
    }
    for (const e of checked.events) lines.push(packEvent(e, id));
    if (mark !== undefined && !seen.seen) lines.push(mark);
    const written = lines.join('\n');
    this.records.set(id, written); // an existing entry keeps its own key string
    if (this.written.size >= WRITTEN_MAX) this.written.clear();
    this.written.set(id, { rec: written, version: next.version });
    if (next.createdAt === current.createdAt && next.retainUntil === current.retainUntil)
      return { value: next, changed: true, events: checked.events, ...seen };
    const key = this.canonical(id, current.createdAt);
    if (next.createdAt !== current.createdAt) {
      this.byTime.remove(toMs(current.createdAt), key);
      this.byTime.insert(toMs(next.createdAt), key);
    }
    if (next.retainUntil !== current.retainUntil) {
      if (current.retainUntil !== undefined) this.byRetention.remove(toMs(current.retainUntil), key);
      if (next.retainUntil !== undefined) this.byRetention.insert(toMs(next.retainUntil), key);
    }
    // the validator's copies and a fresh unpack
    return { value: next, changed: true, events: checked.events, ...seen };
  }

  async events(id: string): Promise<StatusEvent[]> {
    const rec = this.records.get(id);
    if (rec === undefined) return [];
    return rec
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('['))
      .map((l) => unpackEvent(l, id));
  }

  async list(filter: MessageFilter, page?: PageArgs): Promise<Page<Message>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const range = timeRange(filter);
    return scanPage<Message>(
      {
        next: async (a, n) => this.byTime.page(a, n, range.min, range.max, true),
        load: async (ids) =>
          ids.map((i) => {
            const rec = this.records.get(i);
            return rec === undefined ? undefined : head(rec, i);
          }),
      },
      { after, limit, match: hasMessageFilter(filter) ? (m) => matchMessage(filter, m) : undefined },
    );
  }

  async linkGatewayId(gateway: string, gatewayMessageId: string, messageId: string): Promise<void> {
    checkGatewayId(gateway, gatewayMessageId);
    const rec = this.records.get(messageId);
    if (rec === undefined)
      throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${messageId} to link a gateway id to.`, {
        field: 'messageId',
        reason: 'no such message',
      });
    const m = head(rec, messageId);
    const key = this.canonical(messageId, m.createdAt);
    const lines = rec.split('\n');
    if (!linksOf(lines, m).some(([g, gid]) => g === gateway && gid === gatewayMessageId)) {
      const own = m.gateway === gateway && m.gatewayMessageId === gatewayMessageId && !lines.includes(OWN_LINK);
      this.records.set(key, [rec, own ? OWN_LINK : linkLine(gateway, gatewayMessageId)].join('\n'));
    }
    let byId = this.links.get(gateway);
    if (!byId) {
      byId = new Map();
      this.links.set(own(gateway), byId);
    }
    byId.set(own(gatewayMessageId), key);
  }

  async byGatewayId(gateway: string, gatewayMessageId: string): Promise<string | undefined> {
    return this.links.get(gateway)?.get(gatewayMessageId);
  }

  /** Delete messages whose retainUntil is before `now`, with their events, links and index entries. */
  purge(now: number): number {
    let n = 0;
    while (this.byRetention.size > 0 && this.byRetention.scoreAt(0) < now) {
      const { score, id } = this.byRetention.at(0);
      this.byRetention.remove(score, id);
      const rec = this.records.get(id);
      if (rec === undefined) continue;
      const lines = rec.split('\n');
      const m = unpackMessage(lines[0]!, id);
      this.byTime.remove(toMs(m.createdAt), id);
      for (const [gw, gid] of linksOf(lines.slice(1), m)) {
        const byId = this.links.get(gw);
        if (byId?.get(gid) === id) byId.delete(gid);
      }
      this.records.delete(id);
      this.outboxes.delete(id);
      n++;
    }
    return n;
  }

  /** The id string the indexes hold for this message, so links share it instead of keeping a copy. */
  private canonical(id: string, createdAt: string): string {
    const i = this.byTime.lowerBound(toMs(createdAt), id);
    return i < this.byTime.size && this.byTime.idAt(i) === id ? this.byTime.idAt(i) : id;
  }

  private sweepClaims(now: number): void {
    if (this.claims.size < this.nextSweep) return;
    for (const [k, c] of this.claims) if (c.expiresAt <= now) this.claims.delete(k);
    this.nextSweep = Math.max(1024, this.claims.size * 2);
  }
}
