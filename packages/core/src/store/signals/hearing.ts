/**
 * What one hub knows of who listens on the channels of a store shared with other hubs: a channel whose last publish
 * reached nobody is unheard, so a publisher may skip building and sending the next messages (the live events of a
 * hub with no dashboard open anywhere, one PUBLISH per status change and per click), until one of three things:
 * - another hub subscribes to it and says so on the notice channel (`noticed`);
 * - this hub's view of the notices had a gap (its subscriber connection dropped: `forget`);
 * - `ttlMs` pass, and one publish finds out again (a notice lost for any other reason costs at most that long; the
 *   other publishes wait for its answer).
 *
 * A publish's "nobody" counts only when this hub was already hearing the notices when it sent the publish, and no
 * notice of that channel came in since: otherwise a subscriber that said so in between would stay unheard.
 */
export class Hearing {
  /** Channel -> when (by `now`) its unheard mark runs out. */
  private readonly unheard = new Map<string, number>();
  /** Channel -> the sequence number of the last notice that it has a listener. */
  private readonly noticedAt = new Map<string, number>();
  /** Counts publishes sent and notices taken, in this process's order. */
  private seq = 0;
  /** The notices are heard (the subscription to their channel is in place). */
  private listening = false;
  /** The sequence number at the last {@link forget}: a publish sent before it learns nothing. */
  private forgotAt = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * False while `channel` is marked unheard and the mark has not run out. Once it has, one call says heard (its publish
   * finds out again) and the mark is renewed, so the publishes of a burst do not all go out before that one answers.
   */
  heard(channel: string): boolean {
    const until = this.unheard.get(channel);
    if (until === undefined) return true;
    const now = this.now();
    if (now < until) return false;
    this.unheard.set(channel, now + this.ttlMs);
    return true;
  }

  /** A publish on `channel` is being sent: its ticket, for {@link reached}. */
  sending(): { seq: number; listening: boolean } {
    return { seq: ++this.seq, listening: this.listening };
  }

  /** The publish of `ticket` on `channel` reached `receivers` subscribers. */
  reached(channel: string, ticket: { seq: number; listening: boolean }, receivers: number): void {
    if (receivers > 0) {
      this.unheard.delete(channel);
      return;
    }
    if (!ticket.listening || ticket.seq <= this.forgotAt || (this.noticedAt.get(channel) ?? 0) > ticket.seq) return;
    this.unheard.set(channel, this.now() + this.ttlMs);
  }

  /** A hub said it subscribed to `channel`. */
  noticed(channel: string): void {
    this.noticedAt.set(channel, ++this.seq);
    this.unheard.delete(channel);
  }

  /** The notices are heard from now on (their subscription is in place, or in place again after a gap). */
  listen(): void {
    this.listening = true;
  }

  /** The notices may have been missed (the subscriber connection dropped): every channel is heard again. */
  forget(): void {
    this.listening = false;
    this.forgotAt = ++this.seq;
    this.unheard.clear();
    this.noticedAt.clear();
  }
}
