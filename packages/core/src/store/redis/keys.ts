import { SmsfleetError } from '../../errors';

/**
 * Every Redis key the store writes, built here and nowhere else.
 *
 * Layout (`P` is the store's prefix; `{…}` is a Redis Cluster hash tag, so every key sharing a tag lives
 * in one slot and can be touched by one Lua script or MULTI). Each entry is key (type): what it holds.
 *
 * - `P{m:<id>}` (hash): one message: `d` JSON, `v` version, `r` retainUntil ms, `g:["<gw>","<gwid>"]` link markers
 * - `P{m:<id>}:ev` (list): its timeline events (JSON), oldest first
 * - `P{mi}:t` / `P{mi}:r` (zset): all message ids by createdAt ms / by retainUntil ms
 * - `P{mo}` (zset): ids of messages whose create outbox is pending (hash fields `o` outbox, `c` claim to redo), by
 *   createdAt ms
 * - `P{ik:<key>}` (string): idempotency claim `<messageId> <fingerprint>`, PX = claim TTL
 * - `P{gl:["<gw>","<gwid>"]}` (string): the message id a gateway id belongs to, PXAT = retainUntil + grace
 * - `P{i:<id>}` (hash): one inbound text: `d` JSON, `r` retainUntil ms
 * - `P{ii}:t` / `P{ii}:r` (zset): inbound ids by receivedAt ms / by retainUntil ms
 * - `P{dv}` (hash): device id -> Device JSON
 * - `P{co}` / `P{co}:all` / `P{co}:out` (hash / zset / zset): phone -> Contact JSON; all phones and opted-out phones
 *   (score 0, lexical order)
 * - `P{cv:<phone>}` (hash): `c:<deviceId>:<sim>` -> Conversation JSON, `latest` -> the latest one written
 * - `P{sb}` (hash): subscription id -> Subscription JSON
 * - `P{dl:<subId>}:d` / `:all` / `:dead` (hash / zset / zset): delivery attempts by id; ids by `at` ms; dead-lettered
 *   ids by `at` ms
 * - `P{q:<name>}:m` / `:p` (hash): job meta `<priority>|<dueAt>|<attempts>` / job payload JSON
 * - `P{q:<name>}:delayed` / `:ready` / `:rdue` / `:leased` (zset): by dueAt / by `(127 - priority) * 2^42 + dueAt` /
 *   ready jobs by dueAt / by lease end
 * - `P{b:<key>}` / `P{b:<key>}:w` (zset / string): reservations `<ms>:<amount>:<rand>` by time / widest window seen
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
 *
 * Atomic steps stay inside one tag: a message's compare-and-set with its event append (`{m:}`), a whole
 * queue claim (`{q:}`), a budget reservation (`{b:}`), a contact with its indexes (`{co}`), a delivery
 * with its cap (`{dl:}`).
 *
 * Steps that span tags are ordered so that a crash between writes leaves only harmless leftovers:
 * - Creating a message writes the message (`{m:}`) and its index entries (`{mi}`) in one pipeline; either
 *   may land first. A dangling index entry (message missing) is skipped by readers and removed by the next
 *   purge; an unindexed message is invisible to lists and expires through its PEXPIREAT backstop.
 * - With an idempotency key: message first, then the claim (`SET NX`), then the index. A loser deletes its
 *   own unindexed message and returns the winner's; a claim whose message is gone is taken over.
 * - With an outbox (the follow-ups the hub still owes: links, contact, jobs): its `{mo}` pointer first, then the
 *   message with its outbox `o` and claim-to-redo `c` in one script (its own slot, so this holds on Cluster), then
 *   claim and index. A pointer without a message, or with a settled one, is dropped by `repairCreate`; a message
 *   whose claim or index write failed is repaired by a retry with its key or by `repairCreate`. Settling deletes
 *   `o`/`c` before the pointer.
 * - A gateway link is marked on the message (`g:` field) before its `{gl:}` key is written, so purge
 *   always finds the links it must delete.
 * - Purge deletes a message in its own slot (only if `r` < now, checked atomically) and only then removes
 *   its index entries and links.
 * - A changed retainUntil is written with the message (`r`) and then to `{mi}:r`; purge trusts `r`.
 * - Deleting a subscription deletes `{sb}` first, then its delivery log.
 *
 * Per-message keys (and inbound, and gateway links) carry PEXPIREAT retainUntil + {@link RETENTION_GRACE_MS}
 * as a backstop should purge never run. User-supplied parts are escaped so that no `{`, `}` or `%` can end
 * or fake a tag, and no two inputs map to one key.
 *
 * @module
 */
/** How long after retainUntil the PEXPIREAT backstop deletes a record purge did not. */
export const RETENTION_GRACE_MS = 7 * 86400_000;

/** Escape a user-supplied key part: `%`, `{` and `}` become `%25`, `%7B`, `%7D` (injective, tag-safe). */
export function escapePart(s: string): string {
  return s.replace(/[%{}]/g, (c) => (c === '%' ? '%25' : c === '{' ? '%7B' : '%7D'));
}

/** The key builder for one prefix. */
export class RedisKeys {
  constructor(readonly prefix: string) {
    if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_CONFIG',
        'The Redis key prefix cannot contain { or } (it would break hash tags).',
        { issues: [{ field: 'prefix', reason: 'must not contain { or }' }] },
      );
    }
  }

  private tag(t: string): string {
    return `${this.prefix}{${t}}`;
  }

  /** The keys of one message. */
  message(id: string): { hash: string; events: string } {
    const h = this.tag(`m:${escapePart(id)}`);
    return { hash: h, events: `${h}:ev` };
  }
  /** Message index by createdAt. */
  readonly messagesByTime = (): string => `${this.tag('mi')}:t`;
  /** Message index by retainUntil. */
  readonly messagesByRetention = (): string => `${this.tag('mi')}:r`;
  /** Messages whose create outbox is pending, by createdAt. */
  readonly pendingCreates = (): string => this.tag('mo');
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
  /** Inbound index by receivedAt. */
  readonly inboundByTime = (): string => `${this.tag('ii')}:t`;
  /** Inbound index by retainUntil. */
  readonly inboundByRetention = (): string => `${this.tag('ii')}:r`;
  /** All devices. */
  readonly devices = (): string => this.tag('dv');
  /** Contacts and their indexes. */
  contacts(): { hash: string; all: string; out: string } {
    const h = this.tag('co');
    return { hash: h, all: `${h}:all`, out: `${h}:out` };
  }
  /** A contact's conversations. */
  readonly conversations = (contact: string): string => this.tag(`cv:${escapePart(contact)}`);
  /** The field of one SIM's conversation in {@link RedisKeys.conversations} (the other field is `latest`). */
  readonly conversationField = (deviceId: string, sim: number): string => `c:${deviceId}:${sim}`;
  /** All subscriptions. */
  readonly subscriptions = (): string => this.tag('sb');
  /** A subscription's delivery log. */
  deliveries(subscriptionId: string): { hash: string; all: string; dead: string } {
    const t = this.tag(`dl:${escapePart(subscriptionId)}`);
    return { hash: `${t}:d`, all: `${t}:all`, dead: `${t}:dead` };
  }
  /** One job queue. */
  queue(name: string): {
    meta: string;
    payload: string;
    delayed: string;
    ready: string;
    readyDue: string;
    leased: string;
  } {
    const t = this.tag(`q:${escapePart(name)}`);
    return {
      meta: `${t}:m`,
      payload: `${t}:p`,
      delayed: `${t}:delayed`,
      ready: `${t}:ready`,
      readyDue: `${t}:rdue`,
      leased: `${t}:leased`,
    };
  }
  /** One segment budget. */
  budget(key: string): { log: string; window: string } {
    const t = this.tag(`b:${escapePart(key)}`);
    return { log: t, window: `${t}:w` };
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
  hitLog(p: number): { stream: string; target(code: string): string } {
    const t = this.tag(`lh:${p}`);
    return { stream: `${t}:s`, target: (code) => `${t}:t:${escapePart(code)}` };
  }
  /** Link codes by retainUntil. */
  readonly linksByRetention = (): string => `${this.tag('li')}:r`;
  /** One binding. */
  readonly binding = (namespace: string, key: string): string =>
    this.tag(`bd:${escapePart(JSON.stringify([namespace, key]))}`);
  /** API keys and their hash index. */
  apiKeys(): { hash: string; byHash: string } {
    const h = this.tag('ak');
    return { hash: h, byHash: `${h}:h` };
  }
}
