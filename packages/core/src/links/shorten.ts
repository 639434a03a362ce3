import { newId } from '../ids';
import type { LinkOptions, ShortLink } from '../schemas';
import { newLinkCode } from './codes';
import { findUrls, replaceUrls, withUtm } from './urls';

/** What {@link shortenLinks} needs to know about the message. */
export interface ShortenInput {
  body: string;
  messageId: string;
  to: string;
  /** Base of short URLs without a trailing slash, e.g. `https://sms.example.com/l`. */
  shortBaseUrl: string;
  options?: LinkOptions | undefined;
  reference?: string | undefined;
  metadata?: Record<string, string> | undefined;
  campaign?: string | undefined;
  tags?: string[] | undefined;
  retainUntil: string;
  now: Date;
  /** Code generator (tests pass a deterministic one). */
  newCode?: () => string;
}

/**
 * Replace every URL of the body with a short link unique to this message and recipient. Returns the body as it
 * will be sent (segment counts use it) and the links to store. A URL written twice gets two links.
 */
export function shortenLinks(input: ShortenInput): { body: string; links: ShortLink[] } {
  const spans = findUrls(input.body);
  if (!spans.length) return { body: input.body, links: [] };
  const code = input.newCode ?? newLinkCode;
  const o = input.options;
  const utm = o?.utm
    ? { ...o.utm, ...(o.utm.campaign === undefined && input.campaign ? { campaign: input.campaign } : {}) }
    : undefined;
  const links: ShortLink[] = spans.map((s) => ({
    code: code(),
    id: newId('lnk', input.now),
    messageId: input.messageId,
    to: input.to,
    url: withUtm(s.url, utm),
    originalUrl: s.text,
    createdAt: input.now.toISOString(),
    retainUntil: input.retainUntil,
    ...(input.reference ? { reference: input.reference } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    ...(input.campaign ? { campaign: input.campaign } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
    ...(o?.expiresAt ? { expiresAt: o.expiresAt } : {}),
    ...(o?.fallbackUrl ? { fallbackUrl: o.fallbackUrl } : {}),
  }));
  return { body: replaceUrls(input.body, spans, (_s, i) => `${input.shortBaseUrl}/${links[i]!.code}`), links };
}
