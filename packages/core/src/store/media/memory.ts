import { checkMedia, checkMediaId } from './args';
import type { MediaRepo, StoredMedia } from './port';

/** In-memory {@link MediaRepo}: copies in and out; expired items are dropped when read and swept as the map grows. */
export class MemoryMedia implements MediaRepo {
  private readonly map = new Map<string, StoredMedia>();
  private nextSweep = 256;

  async put(item: StoredMedia): Promise<void> {
    const m = checkMedia(item);
    this.map.set(m.id, { ...m, bytes: Uint8Array.from(m.bytes) });
    if (this.map.size >= this.nextSweep) {
      const now = Date.now();
      for (const [k, v] of this.map) if (v.expiresAt <= now) this.map.delete(k);
      this.nextSweep = Math.max(256, this.map.size * 2);
    }
  }

  async get(id: string, now: number): Promise<StoredMedia | undefined> {
    const m = this.map.get(checkMediaId(id));
    if (!m) return undefined;
    if (m.expiresAt <= now) {
      this.map.delete(id);
      return undefined;
    }
    return { ...m, bytes: Uint8Array.from(m.bytes) };
  }
}
