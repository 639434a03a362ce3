import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import { ShortLink } from '../../schemas';
import { invalid, requireKey } from '../shared/args';

const ShortLinks = z.array(ShortLink);

/** Validate links to create; returns parsed copies. */
export function checkLinks(links: unknown): ShortLink[] {
  return parseOrThrow(ShortLinks, links, 'links');
}

/** Validate a code before a lookup (an unknown shape can never be a stored code). */
export function isStoredCodeShape(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Za-z]{12,32}$/.test(code);
}

/**
 * Validate a hit; returns it as it is (no copy: the counter checks one per click, and its callers read the fields at
 * once).
 */
export function checkHit<H>(hit: H): H & { bot: boolean; visitor: string } {
  const h = hit as { bot?: unknown; visitor?: unknown } | undefined;
  if (typeof h?.bot !== 'boolean') throw invalid('hit.bot', 'must be a boolean');
  requireKey(h.visitor, 'hit.visitor', 200);
  return hit as H & { bot: boolean; visitor: string };
}

/** Validate a visit: a hit with its time; returns a copy (the Redis batch holds it until its turn ends). */
export function checkVisit(hit: unknown): { bot: boolean; visitor: string; at: number } {
  const h = checkHit(hit);
  const at = (h as { at?: unknown }).at;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) throw invalid('hit.at', 'must be epoch ms');
  return { bot: h.bot, visitor: h.visitor, at };
}
