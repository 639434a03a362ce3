/** An attachment of an inbound MMS as the store keeps it: its bytes until `expiresAt` (the text's retention). */
export interface StoredMedia {
  /** `med_…`, derived from the inbound text's id and the part's place, so a retried webhook writes the same item. */
  id: string;
  /** MIME type as the gateway reported it, e.g. `image/jpeg`. */
  contentType: string;
  bytes: Uint8Array;
  /** Epoch ms: gone from then on (the retention TTL of the text it came with). */
  expiresAt: number;
}

/** The largest attachment the store keeps (5 MiB: carriers cap MMS well below, at 300 KB to 1 MB, typically). */
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** Attachments of inbound MMS, size-limited and expiring with the text's retention. */
export interface MediaRepo {
  /**
   * Keep `item` until its `expiresAt`, replacing one with the same id (a retried webhook writes the same bytes).
   * Over {@link MEDIA_MAX_BYTES}, empty, or a bad id, type or time: `SMSFLEET_ERR_VALIDATION` and nothing is written.
   */
  put(item: StoredMedia): Promise<void>;
  /** The item, or undefined when unknown or expired at `now` (epoch ms). */
  get(id: string, now: number): Promise<StoredMedia | undefined>;
}
