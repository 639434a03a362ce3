import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDuration } from './duration';

/** One environment variable the hub reads: its parser, its documented default and an example value. */
export interface EnvVarSpec<S extends z.ZodType = z.ZodType> {
  /** Parses the raw string (after the default is applied) into a typed value. */
  schema: S;
  /** What the variable does, for the README table and error messages. */
  description: string;
  /** The value used when the variable is unset or empty, written as you would type it. */
  default?: string;
  /** An example value. */
  example: string;
}

/** An {@link EnvVarSpec} from its schema and its texts. */
export const spec = <S extends z.ZodType>(schema: S, s: Omit<EnvVarSpec<S>, 'schema'>): EnvVarSpec<S> => ({
  schema,
  ...s,
});

/** A whole number from a string, within bounds, with messages a person can act on. */
export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** true/false, 1/0 or yes/no. */
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A duration like 5s, in milliseconds, within bounds. */
export const duration = (min: number, max: number) =>
  z.string().transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration like 500ms, 5s, 2m, 1h or 1d' });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min}ms and ${max}ms` });
      return z.NEVER;
    }
    return ms;
  });

/** proxy-addr's names for address ranges, accepted in a trusted-proxy list. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A CIDR (`10.0.0.0/8`, `fd00::/8`), an address, or a range name, as fastify's `trustProxy` list takes them. */
function isProxyEntry(v: string): boolean {
  if (PROXY_RANGES.has(v)) return true;
  const [address, bits, ...rest] = v.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * Which proxies' `X-Forwarded-For` the hub believes (fastify `trustProxy`): `false` (none: the peer is the client),
 * `true` (any), a hop count, or a comma list of addresses, CIDRs and the names loopback, linklocal, uniquelocal.
 */
export const trustProxy = z.string().transform((v, ctx): boolean | number | string[] => {
  if (v === 'false' || v === 'true') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((x) => x.trim());
  const bad = list.filter((x) => !isProxyEntry(x));
  if (bad.length) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal ' +
        `(bad: ${bad.join(', ')})`,
    });
    return z.NEVER;
  }
  return list;
});
