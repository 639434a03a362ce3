import { SmsfleetError } from '../../errors';
import { DEFAULT_PARTITIONS, MAX_PARTITIONS, partitionOf } from './partitions';

/**
 * Every Redis key the store writes, built here and nowhere else.
 *
 * Layout (`P` is the store's prefix; `{…}` is a Redis Cluster hash tag, so every key sharing a tag lives
 * in one slot and can be touched by one Lua script or MULTI). Each entry is key (type): what it holds.
 *
 * - `P{m:<id>}` (hash): a message: `d` JSON, `v` version, `w` writer token, `r` retention, `g:["<gw>","<gwid>"]` links
 * - `P{m:<id>}:ev` (list): its timeline events (JSON), oldest first
 * - `P{lm}` (string): the layout record: the partition count (below), written once with SET NX
 * - `P{mi:<p>}:t` / `P{mi:<p>}:r` (zset): the ids of partition p's messages by createdAt ms / by retainUntil ms
 * - `P{mo:<p>}` (zset): ids of partition p's messages whose create outbox is pending (fields `o` outbox, `c` claim
 *   to redo), by createdAt ms
 * - `P{ik:<key>}` (string): idempotency claim `<messageId> <fingerprint>`, PX = claim TTL
 * - `P{gl:["<gw>","<gwid>"]}` (string): the message id a gateway id belongs to, PXAT = retainUntil + grace
 * - `P{i:<id>}` (hash): one inbound text: `d` JSON, `r` retainUntil ms
 * - `P{ii:<p>}:t` / `P{ii:<p>}:r` (zset): partition p's inbound ids by receivedAt ms / by retainUntil ms
 * - `P{dv}` (hash): device id -> Device JSON
 * - `P{cn}` (hash): connection id -> Connection JSON (gateway credentials included)
 * - `P{co:<p>}` / `P{co:<p>}:all` / `P{co:<p>}:out` (hash / zset / zset): partition p's contacts: phone -> Contact
 *   JSON, `<phone>:w` -> its last write's token; all its phones and its opted-out phones (score 0, lexical order)
 * - `P{cv:<phone>}` (hash): `c:<deviceId>:<sim>` -> Conversation JSON, `latest` -> the latest one written
 * - `P{sb}` (hash): subscription id -> Subscription JSON
 * - `P{dl:<subId>}:d` / `:all` / `:dead` (hash / zset / zset): delivery attempts by id; ids by `at` ms; dead-lettered
 *   ids by `at` ms
 * - `P{qp:<p>:<name>}:m` / `:p` (hash): partition p of a queue: job meta `<priority>|<dueAt>|<attempts>` / job
 *   payload JSON
 * - `P{qp:<p>:<name>}:delayed` / `:ready` / `:rdue` / `:leased` (zset): by dueAt / by
 *   `(127 - priority) * 2^42 + dueAt` / ready jobs by dueAt / by lease end
 * - `P{q:<name>}:due` (zset): the queue's due board: partition -> a time at or before which it may hold claimable
 *   work (queue/redis-board.ts); PEXPIRE one day after its last write
 * - `P{q:<name>}:dw` (hash): writes announced per partition (`<p>`, `s<p>`: queue/redis-board.ts), no expiry; each
 *   queue partition counts the writes it got in the `''` field of its `:p` hash (no job id is empty)
 * - `P{b:<key>}` / `P{b:<key>}:w` (zset / string): reservations `<ms>:<amount>:<rand>` by time / widest window seen
 * - `P{b:<key>}:p:<period>` / `P{b:<key>}:u:<period>` (string / set): amount counted in one calendar period (a
 *   SIM's local day `d:YYYY-MM-DD` or month `m:YYYY-MM`) / the distinct recipients texted in it; PEXPIREAT a day
 *   after the period ends
 * - `P{ct}` (hash): counter name -> integer
 * - `P{rw:<key>:<resetAt>}` (string): hits in one fixed window of a windowed counter; expires one window after the
 *   window's end (relative PEXPIRE)
 * - `P{dd:<key>}` (string): dedupe marker, SET NX PX
 * - `P{ak}` / `P{ak}:h` (hash / hash): API key id -> record JSON / key hash -> id
 * - `P{lk:<code>}` / `P{lk:<code>}:v` (hash / set): a short link: `d` JSON, `r` retainUntil ms, `t`/`u`/`b` total,
 *   unique, bot hits / its visitor ids
 * - `P{li}:r` (zset): link codes by retainUntil ms
 * - `P{lh:<p>}:s` / `P{lh:<p>}:t:<code>` (stream / string): hit log partition p (see links/hits.ts): hits waiting
 *   to be counted (`c` code, `b` bot, `v` visitor, `a` ms); the link JSON of each code of the partition, so that
 *   the redirect resolves and logs in one script. The link hash also holds `h:<p>` / `a:<p>` (last hit id of p
 *   counted / announced) and `f` (its first click's hit id)
 * - `P{bd:["<ns>","<key>"]}` (string): a binding's value (SET NX GET, optional PX)
 * - `P{md:<id>}` (hash): an inbound MMS attachment: `t` content type, `e` expiry ms, `b` bytes; PEXPIREAT = `e`
 * - `P{ru:<YYYY-MM>}:<grain>:<start ms>:<selector>` (hash): metric roll-up of one hour/day/month bucket, field ->
 *   integer; `P{ru:<YYYY-MM>}:s:<hour ms>` (hash): message id -> `<version>|<cells JSON>`, the state each message of
 *   that hour last recorded, PEXPIREAT its messages' latest retainUntil + grace (one tag per month: a record is one
 *   script)
 * - `P{tp}` (hash): template id -> Template JSON
 * - `Psig:<name>` (a pub/sub channel, not a key): the store's signals (queue wake-ups, live events, subscriptions)
 *
 * Partitions. The message index, the pending-create list, the inbound index and every queue are split into the
 * store's `partitions` (option of createRedisStore, default {@link DEFAULT_PARTITIONS}; `<p>` is 0 to partitions - 1),
 * each under its own tag, so their load spreads over a Cluster's shards instead of sitting on the one shard of a
 * single tag. A message, inbound text or job lives in the partition {@link partitionOf} its own id (stable: the same
 * id always lands in the same partition). All hubs on a store must agree on the count: the first records it in
 * `{lm}` and a store recorded with another count is refused (`SMSFLEET_ERR_CONFIG`, redis/layout.ts). With
 * `partitions: 1` every key is the original unpartitioned one (`{mi}`, `{mo}`, `{ii}`, `{co}`, `{q:<name>}`, no board):
 * a store made before partitions existed opens with 1, and with any other count is refused rather than half-read.
 * Contacts are partitioned by phone number (`{co:<p>}`: read and written once per message). Devices (`{dv}`: a few
 * records, read whole by every routing) and the other global keys are not.
 *
 * Ordering across partitions. Each queue partition hands out its due jobs exactly by priority, then dueAt. A claim
 * of `limit` visits the partitions with due work, earliest-due first, splits the limit evenly over up to `limit` of
 * them and returns the batch sorted. The bound: when the due jobs of the whole queue fit in the limit, the claim takes
 * them all, in exact global order; otherwise a job is passed over for a lower-ranked job of another partition only if
 * (a) its own partition's share of that claim went to jobs ranked above it (each visited partition gets at least
 * floor(limit / partitions visited)), or (b) more partitions had due work than the limit and its partition was not
 * among the `limit` earliest-due ones. With limit >= partitions (the dispatcher's batch of 20 over 16) only (a)
 * applies: every claim takes the best due job of every partition. A job enqueued or rescheduled while a claim of its
 * partition is between its script and its board write is claimable at its due time all the same (the settle leaves a
 * partition alone while a write announced to it is unseen); only a writer stalled for more than BOARD_STALL_MS (10 s)
 * between its announcement and its write sees its job claimed up to BOARD_HORIZON_MS (10 s) late. Lists merge
 * every partition's index, so their order and cursors are exact.
 *
 * Atomic steps stay inside one tag: a message's compare-and-set with its event append (`{m:}`), a claim in one
 * queue partition (`{qp:}`), a budget reservation (`{b:}`), a contact with its indexes (`{co:<p>}`), a delivery
 * with its cap (`{dl:}`).
 *
 * Steps that span tags are ordered so that a crash between writes leaves only harmless leftovers:
 * - Creating a message writes the message (`{m:}`) and its index entries (`{mi:<p>}`) in one pipeline; either
 *   may land first. A dangling index entry (message missing) is skipped by readers and removed by the next
 *   purge; an unindexed message is invisible to lists and expires through its PEXPIREAT backstop.
 * - With an idempotency key: message first, then the claim (`SET NX`), then the index. A loser deletes its
 *   own unindexed message and returns the winner's; a claim whose message is gone is taken over.
 * - With an outbox (the follow-ups the hub still owes: links, contact, jobs): its `{mo:<p>}` pointer first, then the
 *   message with its outbox `o` and claim-to-redo `c` in one script (its own slot, so this holds on Cluster), then
 *   claim and index. A pointer without a message, or with a settled one, is dropped by `repairCreate`; a message
 *   whose claim or index write failed is repaired by a retry with its key or by `repairCreate`. Settling deletes
 *   `o`/`c` before the pointer.
 * - A gateway link is marked on the message (`g:` field) before its `{gl:}` key is written, so purge
 *   always finds the links it must delete.
 * - Purge deletes a message in its own slot (only if `r` < now, checked atomically) and only then removes
 *   its index entries and links.
 * - A changed retainUntil is written with the message (`r`) and then to `{mi:<p>}:r`; purge trusts `r`.
 * - A queue write that may make a partition due sooner lowers the due board first (`ZADD LT`), then writes the
 *   partition: a crash between leaves the board early (one wasted look), never late. Both steps count the write
 *   (`{q:<name>}:dw` and the partition's `''` field), so a claim's settle raises an entry only when it saw them all.
 * - Deleting a subscription deletes `{sb}` first, then its delivery log.
 *
 * Per-message keys (and inbound, and gateway links) carry PEXPIREAT retainUntil + {@link RETENTION_GRACE_MS}
 * as a backstop should purge never run. User-supplied parts are escaped so that no `{`, `}` or `%` can end
 * or fake a tag, and no two inputs map to one key.
 *
 * @module
 */
export { DEFAULT_CLUSTER_PARTITIONS, DEFAULT_PARTITIONS, MAX_PARTITIONS, partitionOf } from './partitions';

/** How long after retainUntil the PEXPIREAT backstop deletes a record purge did not. */
export const RETENTION_GRACE_MS = 7 * 86400_000;

/** Escape a user-supplied key part: `%`, `{` and `}` become `%25`, `%7B`, `%7D` (injective, tag-safe). */
export function escapePart(s: string): string {
  return s.replace(/[%{}]/g, (c) => (c === '%' ? '%25' : c === '{' ? '%7B' : '%7D'));
}

/** The key builder for one prefix. */
export class RedisKeys {
  /**
   * @param prefix prepended to every key
   * @param partitions how many partitions the hot indexes and queues are split into ({@link DEFAULT_PARTITIONS});
   *   1 is the unpartitioned layout of stores made before partitions existed
   */
  constructor(
    readonly prefix: string,
    readonly partitions: number = DEFAULT_PARTITIONS,
  ) {
    if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_CONFIG',
        'The Redis key prefix cannot contain { or } (it would break hash tags).',
        { issues: [{ field: 'prefix', reason: 'must not contain { or }' }] },
      );
    }
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new SmsfleetError('SMSFLEET_ERR_CONFIG', `The Redis store's partitions must be 1-${MAX_PARTITIONS}.`, {
        issues: [{ field: 'partitions', reason: `must be an integer from 1 to ${MAX_PARTITIONS}` }],
      });
    }
  }

  private tag(t: string): string {
    return `${this.prefix}{${t}}`;
  }

  /** The tag of partition `p` of a family: the bare family with one partition (the original layout). */
  private part(family: string, p: number): string {
    return this.partitions === 1 ? family : `${family}:${p}`;
  }

  /** The partition of an id (a message's, an inbound text's, a job's): see {@link partitionOf}. */
  readonly partitionOf = (id: string): number => partitionOf(id, this.partitions);

  /** Every partition number, 0 to partitions - 1. */
  allPartitions(): number[] {
    return Array.from({ length: this.partitions }, (_, p) => p);
  }

  /** The store's layout record: its partition count, written once (SET NX) by the first hub to open it. */
  readonly layout = (): string => this.tag('lm');

  /** The keys of one message. */
  message(id: string): { hash: string; events: string } {
    const h = this.tag(`m:${escapePart(id)}`);
    return { hash: h, events: `${h}:ev` };
  }
  /** Message index by createdAt, of partition `p` (see {@link RedisKeys.partitionOf}). */
  readonly messagesByTime = (p: number): string => `${this.tag(this.part('mi', p))}:t`;
  /** Message index by retainUntil, of partition `p`. */
  readonly messagesByRetention = (p: number): string => `${this.tag(this.part('mi', p))}:r`;
  /** Messages whose create outbox is pending, by createdAt, of partition `p`. */
  readonly pendingCreates = (p: number): string => this.tag(this.part('mo', p));
  /** An idempotency claim. */
  readonly idempotency = (key: string): string => this.tag(`ik:${escapePart(key)}`);
  /** Link field on the message hash for a gateway id. */
  readonly linkField = (gateway: string, gatewayMessageId: string): string =>
    `g:${JSON.stringify([gateway, gatewayMessageId])}`;
  /** The gateway link key for a link field. */
  readonly linkFromField = (field: string): string => this.tag(`gl:${escapePart(field.slice(2))}`);
  /** The gateway link key. */
  readonly link = (gateway: string, gatewayMessageId: string): string =>
    this.linkFromField(this.linkField(gateway, gatewayMessageId));
  /** One inbound text. */
  readonly inbound = (id: string): string => this.tag(`i:${escapePart(id)}`);
  /** Inbound index by receivedAt, of partition `p`. */
  readonly inboundByTime = (p: number): string => `${this.tag(this.part('ii', p))}:t`;
  /** Inbound index by retainUntil, of partition `p`. */
  readonly inboundByRetention = (p: number): string => `${this.tag(this.part('ii', p))}:r`;
  /** All devices. */
  readonly devices = (): string => this.tag('dv');
  /** All gateway connections (with their secrets). */
  readonly connections = (): string => this.tag('cn');
  /** The contacts of partition `p` (the partition of the phone number) and their indexes. */
  contacts(p: number): { hash: string; all: string; out: string } {
    const h = this.tag(this.part('co', p));
    return { hash: h, all: `${h}:all`, out: `${h}:out` };
  }
  /** A contact's conversations. */
  readonly conversations = (contact: string): string => this.tag(`cv:${escapePart(contact)}`);
  /** The field of one SIM's conversation in {@link RedisKeys.conversations} (the other field is `latest`). */
  readonly conversationField = (deviceId: string, sim: number): string => `c:${deviceId}:${sim}`;
  /** All message templates. */
  readonly templates = (): string => this.tag('tp');
  /** All subscriptions. */
  readonly subscriptions = (): string => this.tag('sb');
  /** A subscription's delivery log. */
  deliveries(subscriptionId: string): { hash: string; all: string; dead: string } {
    const t = this.tag(`dl:${escapePart(subscriptionId)}`);
    return { hash: `${t}:d`, all: `${t}:all`, dead: `${t}:dead` };
  }
  /** Partition `p` of one job queue (with one partition: the whole queue, in its original `{q:<name>}` tag). */
  queue(
    name: string,
    p: number,
  ): {
    meta: string;
    payload: string;
    delayed: string;
    ready: string;
    readyDue: string;
    leased: string;
  } {
    const t = this.tag(this.partitions === 1 ? `q:${escapePart(name)}` : `qp:${p}:${escapePart(name)}`);
    return {
      meta: `${t}:m`,
      payload: `${t}:p`,
      delayed: `${t}:delayed`,
      ready: `${t}:ready`,
      readyDue: `${t}:rdue`,
      leased: `${t}:leased`,
    };
  }
  /** A partitioned queue's due board: partition -> a time at or before which it may hold claimable work. */
  readonly queueBoard = (name: string): string => `${this.tag(`q:${escapePart(name)}`)}:due`;
  /** The writes announced to each partition of a queue, beside its due board (queue/redis-board.ts). */
  readonly queueBoardWrites = (name: string): string => `${this.tag(`q:${escapePart(name)}`)}:dw`;
  /** One segment budget. */
  budget(key: string): { log: string; window: string } {
    const t = this.tag(`b:${escapePart(key)}`);
    return { log: t, window: `${t}:w` };
  }
  /**
   * A budget's count in one calendar period (`:p:`) and its distinct recipients in one (`:u:`): in the budget's own
   * slot, so a reservation takes segments and a recipient's slot in one script, on a Cluster too.
   */
  budgetPeriod(key: string, period: string): { count: string; recipients: string } {
    const t = this.tag(`b:${escapePart(key)}`);
    return { count: `${t}:p:${escapePart(period)}`, recipients: `${t}:u:${escapePart(period)}` };
  }
  /** All counters. */
  readonly counters = (): string => this.tag('ct');
  /** One fixed window of a windowed counter (rate limits); it expires when the window ends. */
  readonly window = (key: string, resetAt: number): string => this.tag(`rw:${escapePart(key)}:${resetAt}`);
  /** A dedupe marker. */
  readonly dedupe = (key: string): string => this.tag(`dd:${escapePart(key)}`);
  /** One short link and its visitor set. */
  shortLink(code: string): { hash: string; visitors: string } {
    const h = this.tag(`lk:${escapePart(code)}`);
    return { hash: h, visitors: `${h}:v` };
  }
  /** Hit log partition `p`: its stream, and the copy of a link that the redirect reads there. */
  hitLog(p: number): { stream: string; target(code: string): string; batch(token: string): string } {
    const t = this.tag(`lh:${p}`);
    return { stream: `${t}:s`, target: (c) => `${t}:t:${escapePart(c)}`, batch: (b) => `${t}:b:${escapePart(b)}` };
  }
  /** Link codes by retainUntil. */
  readonly linksByRetention = (): string => `${this.tag('li')}:r`;
  /** One binding. */
  readonly binding = (namespace: string, key: string): string =>
    this.tag(`bd:${escapePart(JSON.stringify([namespace, key]))}`);
  /** An inbound MMS attachment (media/redis.ts). */
  readonly media = (id: string): string => this.tag(`md:${escapePart(id)}`);
  /** A pub/sub channel of the store's signals (not a key: no hash tag, a channel is one slot on its own). */
  readonly channel = (name: string): string => `${this.prefix}sig:${escapePart(name)}`;
  /** API keys and their hash index. */
  apiKeys(): { hash: string; byHash: string } {
    const h = this.tag('ak');
    return { hash: h, byHash: `${h}:h` };
  }
  /** What the roll-up keys of the month holding `start` start with: its hash tag (a bucket never spans months). */
  readonly rollupPrefix = (start: number): string => `${this.tag(`ru:${new Date(start).toISOString().slice(0, 7)}`)}:`;
  /** The part of a {@link rollup} key after {@link rollupPrefix} (the roll-up log's fold joins the two). */
  readonly rollupSuffix = (grain: string, start: number, sel: string): string => `${grain}:${start}:${escapePart(sel)}`;
  /** One metric roll-up bucket: `grain` starting at `start` (epoch ms), for one selector. */
  readonly rollup = (grain: string, start: number, selector: string): string =>
    this.rollupPrefix(start) + this.rollupSuffix(grain, start, selector);
  /** The states recorded by the messages created in the hour starting at `hour`. */
  readonly rollupStates = (hour: number): string => `${this.rollupPrefix(hour)}s:${hour}`;
  /** The log of roll-up differences not yet folded into the buckets of the month holding `start`. */
  readonly rollupLog = (start: number): string => `${this.rollupPrefix(start)}log`;
}
