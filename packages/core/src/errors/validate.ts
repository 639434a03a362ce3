import type { z } from 'zod';
import { SmsfleetError, type FieldIssue } from './smsfleet-error';

/** Turn zod issues into field issues with dotted paths, prefixed by `prefix` when given. */
export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.') || prefix || '(root)';
    return { field, reason: i.message };
  });
}

/**
 * Parse `input` with `schema`, or throw `SMSFLEET_ERR_VALIDATION` naming every bad field at once.
 * `prefix` names the argument when the input is one field of something larger.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = zodIssues(r.error, prefix);
  const first = issues[0]!;
  throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${first.field}: ${first.reason}`, { issues });
}
