/**
 * Fire-and-forget messages between the hubs sharing one store (wake-ups of idle workers, the dashboard's live events).
 * A signal is a hint, never state: it is delivered at most once, only to handlers subscribed when it is published,
 * and lost while a subscriber's connection is down (the handler's `onGap` says so, so it can look at the state again).
 * Channels are 1-100 chars of `[A-Za-z0-9._:-]`, messages at most 512 KiB (`SMSFLEET_ERR_VALIDATION` naming `channel`
 * or `message` otherwise).
 */
export interface Signals {
  /** Send `message` to every handler subscribed to `channel`, on every hub of this store (this one included). */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Call `onMessage` with every message published on `channel` from now on, until the returned function is called.
   * Resolves once the subscription is in place (a message published after that reaches it). `onGap` is called when
   * the subscription was interrupted and restored (a reconnect): messages sent meanwhile may be lost. A handler's
   * throw is caught and ignored.
   */
  subscribe(channel: string, onMessage: (message: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /**
   * False when a message published on `channel` now would reach no handler, so a publisher may skip building it. Only
   * a store that sees every subscriber answers (the memory store: one process); absent, or true, means publish.
   */
  heard?(channel: string): boolean;
}
