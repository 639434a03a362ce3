import type { LinkStats, ShortLink } from '../../schemas';

/** Counts of one hit, as {@link LinkRepo.recordHit} returns them. */
export interface HitResult {
  stats: LinkStats;
  /** True when this hit was a click by a visitor not seen on this link before. */
  newVisitor: boolean;
}

/** One hit as the redirect logged it, waiting to be counted (see {@link LinkRepo.visit}). */
export interface LoggedHit {
  /** `<ms>-<seq>`, increasing within its partition's log; the hit's identity for idempotent counting. */
  id: string;
  code: string;
  bot: boolean;
  visitor: string;
  /** Epoch ms of the visit. */
  at: number;
}

/** What {@link LinkRepo.countHits} left on the link. */
export interface CountResult {
  stats: LinkStats;
  /** The id of the link's first counted click ('' before any). */
  firstClick: string;
  /** The last hit id of this partition announced on the link ('' before any), see {@link LinkRepo.markAnnounced}. */
  announced: string;
}

/** Trackable short links and their click counts, found by code. */
export interface LinkRepo {
  /**
   * Store new links. A code already in use is `SMSFLEET_ERR_VALIDATION` naming `links.<i>.code` (codes carry 71
   * random bits, so this is a bug, not bad luck); links stored before it stay until they are purged.
   */
  create(links: ShortLink[]): Promise<void>;
  get(code: string): Promise<ShortLink | undefined>;
  /**
   * Count one hit atomically (across hubs): a bot hit adds to `bots`; a click adds to `total`, and to `unique` the
   * first time `visitor` (an anonymised identity) clicks this link. Undefined for an unknown code.
   */
  recordHit(code: string, hit: { bot: boolean; visitor: string }): Promise<HitResult | undefined>;
  /**
   * The redirect's one store step: resolve `code` and durably append the hit to the hit log of the link's partition,
   * atomically. Undefined (nothing logged) for an unknown code. Counting happens later, from the log.
   */
  visit(code: string, hit: { bot: boolean; visitor: string; at: number }): Promise<ShortLink | undefined>;
  /** How many partitions the hit log has (a link's hits all go to one, see `hitPartition`). */
  readonly hitPartitions: number;
  /** Up to `limit` logged hits of `partition` not yet acknowledged, oldest first. */
  pendingHits(partition: number, limit: number): Promise<LoggedHit[]>;
  /**
   * Count `hits` of link `code` (all from `partition`, in log order) like {@link recordHit}, idempotently: a hit at or
   * before the last one counted from this partition is skipped, so a batch counted again after a crash counts nothing
   * twice. Undefined for an unknown code.
   */
  countHits(code: string, partition: number, hits: LoggedHit[]): Promise<CountResult | undefined>;
  /** Remember that the hits of `partition` up to `id` were announced (`link.clicked`); never moves back. */
  markAnnounced(code: string, partition: number, id: string): Promise<void>;
  /** Drop the hits of `partition` up to and including `id` from its log (they are counted and announced). */
  ackHits(partition: number, id: string): Promise<void>;
  /** The counts of a link, undefined for an unknown code. */
  stats(code: string): Promise<LinkStats | undefined>;
}
