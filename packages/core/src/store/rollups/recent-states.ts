/** How many messages' states one process remembers. */
export const RECENT_STATES = 20_000;

/**
 * The roll-up state this process recorded last per message, bounded (the oldest written is forgotten first): the
 * guess a record's compare-and-set is made against, so that the usual record (a message this hub created or updated
 * before) needs no read first. A wrong or missing guess costs a retry, never a wrong sum: the store checks it.
 */
export class RecentStates {
  private readonly states = new Map<string, string>();

  constructor(private readonly max = RECENT_STATES) {}

  get(messageId: string): string | undefined {
    return this.states.get(messageId);
  }

  set(messageId: string, raw: string): void {
    this.states.delete(messageId);
    this.states.set(messageId, raw);
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value!);
  }
}
