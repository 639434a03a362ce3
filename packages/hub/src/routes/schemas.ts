import { z } from 'zod';
import { ERROR_CODES, doc, type ErrorCode, type SmsfleetError } from '@smsfleet/core';

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/**
 * The body of every error response: `SmsfleetError.toJSON()` (the type check below keeps the two equal).
 */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: doc(z.enum(CODES), 'Stable error code; match on this, never on the message', 'SMSFLEET_ERR_VALIDATION'),
      message: doc(z.string(), 'What went wrong, for people', 'Invalid body.url: Invalid URL'),
      field: doc(z.string().optional(), 'The offending field as a dotted path', 'body.url'),
      reason: doc(z.string().optional(), 'Why the field is wrong', 'Invalid URL'),
      issues: z
        .array(
          z.object({
            field: doc(z.string(), 'Dotted path of the field', 'body.events.0'),
            reason: doc(z.string(), 'Why it is wrong', 'Invalid option'),
          }),
        )
        .optional()
        .describe('Every problem found'),
      details: doc(z.record(z.string(), z.unknown()).optional(), 'Extra machine-readable facts', {
        retryAfterSeconds: 12,
      }),
    }),
  })
  .describe('An error');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorBodyMatches: Same<z.infer<typeof ErrorResponse>, ReturnType<SmsfleetError['toJSON']>> = true;
void errorBodyMatches;

/** Error responses a route can give, for its OpenAPI `response` map. */
export function errorResponses<C extends number>(...codes: C[]): Record<C, typeof ErrorResponse> {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponse])) as Record<C, typeof ErrorResponse>;
}

/** The errors every authenticated route may answer with (403: the key lacks the route's scope). */
export const AUTHED_ERRORS = errorResponses(400, 401, 403, 429);

/** A page of `item`s and the cursor of the next page. */
export function pageOf<S extends z.ZodType>(item: S) {
  return z.object({
    items: z.array(item).describe('This page, newest first'),
    nextCursor: doc(
      z.string().optional(),
      'Pass as `cursor` to get the next page; absent on the last page',
      'eyJvIjo1MH0',
    ),
  });
}

/** `?cursor=&limit=` */
export const PageQuery = z.strictObject({
  cursor: doc(z.string().min(1).max(512).optional(), 'Cursor from the previous page', 'eyJvIjo1MH0'),
  limit: doc(z.coerce.number().int().min(1).max(500).default(50), 'Page size, 1-500', 50),
});
