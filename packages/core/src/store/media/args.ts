import { invalid, requireTime } from '../shared/args';
import { MEDIA_MAX_BYTES, type StoredMedia } from './port';

/** A media id: 1-120 characters of letters, digits, `_` and `-`. */
export function checkMediaId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,120}$/.test(id))
    throw invalid('id', 'must be 1-120 letters, digits, _ or -');
  return id;
}

/** Check an item to keep: id, a MIME type, 1 byte to {@link MEDIA_MAX_BYTES}, an expiry time. */
export function checkMedia(m: StoredMedia): StoredMedia {
  checkMediaId(m?.id);
  if (typeof m.contentType !== 'string' || !/^[\w.+-]{1,60}\/[\w.+-]{1,60}$/.test(m.contentType))
    throw invalid('contentType', 'must be a MIME type such as image/jpeg');
  if (!(m.bytes instanceof Uint8Array) || m.bytes.length === 0 || m.bytes.length > MEDIA_MAX_BYTES)
    throw invalid('bytes', `must be 1 to ${MEDIA_MAX_BYTES} bytes`);
  requireTime(m.expiresAt, 'expiresAt');
  return m;
}
