import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import { Binding } from '../../schemas';
import { requireInt } from '../shared/args';

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
