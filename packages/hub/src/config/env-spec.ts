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
