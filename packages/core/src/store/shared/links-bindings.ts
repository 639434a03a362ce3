import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import { Binding, ShortLink } from '../../schemas';
import { invalid, requireInt, requireKey } from './args';

const ShortLinks = z.array(ShortLink);

/** Validate links to create; returns parsed copies. */
export function checkLinks(links: unknown): ShortLink[] {
  return parseOrThrow(ShortLinks, links, 'links');
}

/** Validate a code before a lookup (an unknown shape can never be a stored code). */
export function isStoredCodeShape(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Za-z]{12,32}$/.test(code);
}

/** Validate a hit. */
export function checkHit(hit: unknown): { bot: boolean; visitor: string } {
  const h = hit as { bot?: unknown; visitor?: unknown } | undefined;
  if (typeof h?.bot !== 'boolean') throw invalid('hit.bot', 'must be a boolean');
  return { bot: h.bot, visitor: requireKey(h.visitor, 'hit.visitor', 200) };
}

const Claim = Binding.extend({
  ttlMs: z
    .number()
    .int()
    .min(1)
    .max(366 * 86400_000)
    .optional(),
});

/** Validate a binding claim, naming `namespace`, `key`, `value` or `ttlMs`. */
export function checkClaim(
  namespace: unknown,
  key: unknown,
  value: unknown,
  ttlMs: unknown,
): { namespace: string; key: string; value: string; ttlMs?: number } {
  const c = parseOrThrow(Claim, { namespace, key, value, ...(ttlMs === undefined ? {} : { ttlMs }) });
  return {
    namespace: c.namespace,
    key: c.key,
    value: c.value,
    ...(c.ttlMs !== undefined ? { ttlMs: requireInt(c.ttlMs, 'ttlMs', 1, 366 * 86400_000) } : {}),
  };
}

/** Validate a binding lookup. */
export function checkBindingKey(namespace: unknown, key: unknown): { namespace: string; key: string } {
  const c = parseOrThrow(Binding.pick({ namespace: true, key: true }), { namespace, key });
  return { namespace: c.namespace, key: c.key };
}
