import type { Signals } from './port';
import { checkChannel, checkSignal } from './args';

/** The in-process {@link Signals} of the memory store: one hub, so a publish reaches this process's handlers only. */
export class MemorySignals implements Signals {
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  async publish(channel: string, message: string): Promise<void> {
    const c = checkChannel(channel);
    const m = checkSignal(message);
    // A snapshot: a handler that unsubscribes (or subscribes) while being called changes the next publish only.
    for (const h of [...(this.handlers.get(c) ?? [])]) {
      try {
        h(m);
      } catch {
        // a signal is a hint: one handler's failure must not keep it from the others, nor fail the publisher
      }
    }
  }

  /** Whether `channel` has a handler in this process (the only place one can be). */
  heard(channel: string): boolean {
    return (this.handlers.get(channel)?.size ?? 0) > 0;
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const c = checkChannel(channel);
    const h = (m: string) => onMessage(m);
    let set = this.handlers.get(c);
    if (!set) this.handlers.set(c, (set = new Set()));
    set.add(h);
    return async () => {
      set.delete(h);
      if (set.size === 0 && this.handlers.get(c) === set) this.handlers.delete(c);
    };
  }
}
