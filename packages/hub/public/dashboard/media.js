// Received MMS attachments in a bubble: pictures inline, anything else as a download link with its type and size.
// A stranger chose the parts: only text nodes and attributes carry their data, and only the hub's own http(s) URLs are
// used (the media route serves risky types as downloads, sandboxed).
import { el } from './view.js';

/** Types shown inline as pictures (the media route serves these inline; SVG and others download). */
const PICTURE = /^image\/(jpeg|png|gif|webp|bmp)$/;

/** `n` bytes in words ("48.2 kB"). */
export const sizeText = (n) =>
  n < 1000 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`;

/** The attachment's URL when it is an http(s) URL on the hub, else undefined (never a javascript: or data: URL). */
function safeUrl(url) {
  try {
    const u = new URL(url, location.href);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.pathname.includes('/v1/media/')
      ? u.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** One attachment: a thumbnail linking to the picture, or a download link saying what it is. */
function part(m) {
  const url = safeUrl(m.url);
  const type = String(m.contentType ?? 'unknown type');
  const what = `${type}, ${sizeText(Number(m.size) || 0)}`;
  if (!url) return el('span', { class: 'media-part gone' }, `Attachment (${what}) unavailable`);
  const link = { href: url, target: '_blank', rel: 'noopener noreferrer', referrerpolicy: 'no-referrer' };
  if (PICTURE.test(type))
    return el(
      'a',
      { ...link, class: 'media-part picture', title: what },
      el('img', { src: url, alt: `Picture (${what})`, class: 'thumb', referrerpolicy: 'no-referrer' }),
    );
  return el('a', { ...link, class: 'media-part file', download: '' }, `Download attachment (${what})`);
}

/** The attachments of an inbound text (`media` from `/v1/inbox` or `sms.received`), or '' when it has none. */
export function mediaParts(media) {
  if (!Array.isArray(media) || media.length === 0) return '';
  return el('div', { class: 'media' }, ...media.map(part));
}
