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
import { MAX_CAS_RETRIES } from '../shared/constants';
import { decodeCursor } from '../shared/cursor';
import { hasMessageFilter, matchMessage, timeRange } from '../shared/match';
import { checkMessage, checkMessageUpdate, keepId, toMs } from '../shared/records';
import { scanPage } from '../shared/scan';
import { descendingMerged } from '../redis/index-scan';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { StoreLayout } from '../redis/layout';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { uniqueToken } from '../redis/unique-token';
import { casExhausted } from '../redis/cas';
import { checkCreateOptions, checkGatewayId, checkPending, checkUpdateOptions, reportField } from './args';
import { MessageIndex } from './redis-index';
import { KeptCopies } from './redis-copies';
import { linkGateway } from './redis-link';

const retainArgs = (m: Message): [string, string] =>
  m.retainUntil === undefined
    ? ['', '']
    : [String(toMs(m.retainUntil)), String(toMs(m.retainUntil) + RETENTION_GRACE_MS)];

/**
 * The Redis {@link MessageRepo}. Round trips: create 1 (3 with an idempotency key; +1 with an outbox, its pointer
 * written first), settleCreate 2, get 1, update 2 (read, then compare-and-set with the event append and the report
 * recorded; 1 with a current `known` copy or a current copy this store kept, see redis-copies.ts; +1 when retainUntil
 * changes), link 1 on a single node (2 on Cluster), lookup 1. The indexes are partitioned
 * (messages/redis-index.ts): a list page reads every partition's index once per batch; the first call of a store also
 * checks its layout (redis/layout.ts).
 */
export class RedisMessages implements MessageRepo {
  private readonly idx: MessageIndex;
  private readonly copies = new KeptCopies();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly layout: StoreLayout,
  ) {
    this.idx = new MessageIndex(redis, keys);
  }

  async create(message: Message, events: StatusEvent[], opts: CreateOptions = {}): Promise<CreateResult> {
    const checked = checkMessage(message, events);
    const { key, ttl, outbox } = checkCreateOptions(opts);
    await this.layout.ensure();
    const m: Message = { ...checked.message, version: 0 };
    const k = this.keys.message(m.id);
    // The sweeper's pointer goes first, so a message with an outbox is always on its list (see keys.ts).
    if (outbox !== undefined) await this.idx.addPending(m.id, toMs(m.createdAt));
    const redo =
      key === undefined || outbox === undefined
        ? ''
        : JSON.stringify([key, opts.fingerprint ?? null, toMs(m.createdAt) + ttl]);
    const json = JSON.stringify(m);
    const write = SCRIPTS.createMessage.run(
      this.redis,
      [k.hash, k.events],
      [json, '0', ...retainArgs(m), outbox ?? '', redo, ...checked.events.map((e) => JSON.stringify(e))],
    );
    const kept = write.then((w) => {
      if (w === 1) this.copies.keep(m.id, { json, version: 0 });
      return w;
    });
    if (key === undefined) {
      const [written] = await Promise.all([kept, this.idx.add(m)]);
      if (written !== 1) throw invalid('message.id', 'a message with this id already exists');
      return { message: m, created: true, fingerprintMatches: true };
    }
    if ((await kept) !== 1) {
      // The same message created again under its key (a retry) returns the first; any other clash is an error.
      const held = await this.redis.get(this.keys.idempotency(key));
      const claimed = held === null ? undefined : (JSON.parse(held) as [string, string | null]);
      const winner = claimed === undefined ? undefined : await this.get(claimed[0]);
      if (winner)
        return { ...(await this.repeat(winner)), fingerprintMatches: claimed![1] === (opts.fingerprint ?? null) };
      throw invalid('message.id', 'a message with this id already exists');
    }
    const claimKey = this.keys.idempotency(key);
    const claim = JSON.stringify([m.id, opts.fingerprint ?? null]);
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      if ((await this.redis.set(claimKey, claim, 'PX', ttl, 'NX')) === 'OK') break;
      const held = await this.redis.get(claimKey);
      if (held === null) continue; // expired in between: try to claim again
      const [winnerId, fp] = JSON.parse(held) as [string, string | null];
      // Ours already: the SET landed and was sent again after a reconnect (ioredis resends unanswered commands).
      if (winnerId === m.id) break;
      const winner = await this.get(winnerId);
      if (winner) {
        await this.discard(m.id); // ours was never indexed or returned
        return { ...(await this.repeat(winner)), fingerprintMatches: fp === (opts.fingerprint ?? null) };
      }
      // The claim's message is gone (purged, or its writer crashed): take the claim over.
      if ((await SCRIPTS.setIfEquals.run(this.redis, [claimKey], [held, claim, ttl])) === 1) break;
      if (i === MAX_CAS_RETRIES - 1) throw casExhausted(`idempotency key ${key}`);
    }
    await this.idx.add(m);
    return { message: m, created: true, fingerprintMatches: true };
  }

  async pendingCreates(before: Date, limit: number): Promise<string[]> {
    const t = checkPending(before, limit);
    await this.layout.ensure();
    return this.idx.pending(t, limit);
  }

  async repairCreate(id: string): Promise<{ message: Message; outbox: string } | undefined> {
    await this.layout.ensure();
    const k = this.keys.message(id);
    const [d, outbox, redo] = await this.redis.hmget(k.hash, 'd', 'o', 'c');
    if (d == null || outbox == null) {
      await this.idx.dropPending(id);
      return undefined;
    }
    const m = JSON.parse(d) as Message;
    if (redo != null && !(await this.reclaim(m, JSON.parse(redo) as [string, string | null, number]))) {
      await this.discard(id);
      return undefined;
    }
    await this.idx.add(m);
    return { message: m, outbox };
  }

  async settleCreate(id: string): Promise<void> {
    await this.layout.ensure();
    await this.redis.hdel(this.keys.message(id).hash, 'o', 'c');
    await this.idx.dropPending(id);
  }

  /**
   * Make sure `m` holds its idempotency key, claiming it again if the first claim was never written. False when
   * another live message holds it from before this claim would have expired: that one won, and `m` was never answered.
   */
  private async reclaim(m: Message, [key, fingerprint, until]: [string, string | null, number]): Promise<boolean> {
    const claimKey = this.keys.idempotency(key);
    const mine = JSON.stringify([m.id, fingerprint]);
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      // PXAT: the claim ends when the first one would have; one already past is written and gone at once.
      if ((await this.redis.set(claimKey, mine, 'PXAT', until, 'NX')) === 'OK') return true;
      const held = await this.redis.get(claimKey);
      if (held === null) continue;
      const [winnerId] = JSON.parse(held) as [string, string | null];
      if (winnerId === m.id) return true;
      const winner = await this.get(winnerId);
      // A key reused after our claim expired does not make ours a loser: it may have been answered back then.
      if (winner) return toMs(winner.createdAt) >= until;
      if ((await SCRIPTS.setIfEqualsAt.run(this.redis, [claimKey], [held, mine, until])) === 1) return true;
    }
    throw casExhausted(`idempotency key ${key}`);
  }

  /**
   * A repeat of `winner`'s create: its pending outbox, if any, after redoing its index (the one step a retry can redo
   * here).
   */
  private async repeat(winner: Message): Promise<{ message: Message; created: false; outbox?: string }> {
    const outbox = await this.redis.hget(this.keys.message(winner.id).hash, 'o');
    if (outbox === null) return { message: winner, created: false };
    await this.idx.add(winner);
    return { message: winner, created: false, outbox };
  }

  /**
   * Delete a message that lost its idempotency key (never answered, never listed) with its index entries and pointer.
   */
  private async discard(id: string): Promise<void> {
    const k = this.keys.message(id);
    this.copies.forget(id);
    await this.redis.del(k.hash, k.events);
    await this.idx.drop(id);
  }

  async get(id: string): Promise<Message | undefined> {
    const d = await this.redis.hget(this.keys.message(id).hash, 'd');
    if (d === null) return undefined;
    const m = JSON.parse(d) as Message;
    this.copies.keep(id, { json: d, version: m.version });
    return m;
  }

  async update(
    id: string,
    fn: (m: Message) => MessageChange | null,
    known?: Message,
    opts?: UpdateOptions,
  ): Promise<MessageUpdate | undefined> {
    const report = checkUpdateOptions(opts);
    const field = report === undefined ? '' : reportField(report);
    const k = this.keys.message(id);
    // A caller's `known` copy, else the copy this store last wrote or read, is tried first without reading it: the
    // compare-and-set on its version proves it current (every write of `d` bumps `v`), and a stale one falls back to a
    // read on the next turn.
    const given = known?.id === id && Number.isInteger(known.version);
    let hint = given ? { json: JSON.stringify(known), version: known!.version } : this.copies.get(id);
    const token = uniqueToken();
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      // Only the caller vouches for its own copy: a kept one that `fn` leaves unchanged (or refuses) is read again.
      const kept = hint !== undefined && !given;
      const read = hint === undefined;
      const [d, v] = hint !== undefined ? [hint.json, String(hint.version)] : await this.redis.hmget(k.hash, 'd', 'v');
      hint = undefined;
      if (d == null || v == null) return undefined;
      if (read) this.copies.keep(id, { json: d, version: Number(v) });
      const current = JSON.parse(d) as Message;
      let change: MessageChange | null;
      let checked: ReturnType<typeof checkMessageUpdate>;
      try {
        change = fn(JSON.parse(d) as Message);
        if (!change) {
          if (kept) continue;
          return await this.unchanged(id, current, field);
        }
        checked = checkMessageUpdate(current, change.message, change.events);
      } catch (e) {
        if (kept) continue;
        throw e;
      }
      const next: Message = { ...keepId(checked.message, 'id', id), version: Number(v) + 1 };
      const json = JSON.stringify(next);
      const events = checked.events.map((e) => JSON.stringify(e));
      const args = [v, json, String(next.version), ...retainArgs(next), field, token, ...events];
      const r = await SCRIPTS.casMessage.run(this.redis, [k.hash, k.events], args);
      if (r !== 1 && r !== 2) this.copies.forget(id);
      if (r === -1) return undefined;
      if (r === 0) continue;
      this.copies.keep(id, { json, version: next.version });
      await this.layout.ensure();
      await this.idx.move(current, next);
      return { value: next, changed: true, events: checked.events, ...(field ? { seen: r === 2 } : {}) };
    }
    throw casExhausted(`message ${id}`);
  }

  /** The answer to an update that changed nothing, with its report recorded (one round trip) when it has one. */
  private async unchanged(id: string, current: Message, field: string): Promise<MessageUpdate | undefined> {
    if (!field) return { value: current, changed: false, events: [] };
    const r = await SCRIPTS.markReport.run(this.redis, [this.keys.message(id).hash], [field]);
    if (r === -1) {
      this.copies.forget(id);
      return undefined;
    }
    return { value: current, changed: false, events: [], seen: r === 0 };
  }

  async events(id: string): Promise<StatusEvent[]> {
    const list = await this.redis.lrange(this.keys.message(id).events, 0, -1);
    return list.map((e) => JSON.parse(e) as StatusEvent);
  }

  async list(filter: MessageFilter, page?: PageArgs): Promise<Page<Message>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    await this.layout.ensure();
    const indexes = this.keys.allPartitions().map((p) => this.keys.messagesByTime(p));
    return scanPage<Message>(
      {
        next: descendingMerged(this.redis, indexes, timeRange(filter)),
        load: (ids) => Promise.all(ids.map((id) => this.get(id))),
      },
      { after, limit, match: hasMessageFilter(filter) ? (m) => matchMessage(filter, m) : undefined },
    );
  }

  async linkGatewayId(gateway: string, gatewayMessageId: string, messageId: string): Promise<void> {
    checkGatewayId(gateway, gatewayMessageId);
    await linkGateway(this.redis, this.keys, gateway, gatewayMessageId, messageId);
  }

  async byGatewayId(gateway: string, gatewayMessageId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.link(gateway, gatewayMessageId))) ?? undefined;
  }

  /** Delete messages whose retainUntil is before `now`; see keys.ts for the order of the steps. */
  async purge(now: number): Promise<number> {
    await this.layout.ensure();
    return this.idx.purge(now);
  }
}
