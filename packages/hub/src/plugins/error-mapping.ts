import { SmsfleetError, isSmsfleetError, type FieldIssue } from '@smsfleet/core';

/** Where fastify found a validation problem, as our field prefix. */
const CONTEXT_PREFIX: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: ValidationItem[];
  validationContext?: string;
}

function fieldOf(prefix: string, instancePath: string | undefined): string {
  const path = (instancePath ?? '').split('/').filter(Boolean).join('.');
  return path ? `${prefix}.${path}` : prefix;
}

/** One field issue per validation item; an unknown key becomes an issue on that key. */
function validationIssues(err: FastifyLikeError): FieldIssue[] {
  const prefix = CONTEXT_PREFIX[err.validationContext ?? ''] ?? err.validationContext ?? 'request';
  const issues: FieldIssue[] = [];
  for (const v of err.validation ?? []) {
    const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? v.params.keys as unknown[] : undefined;
    if (keys?.length) {
      for (const k of keys) issues.push({ field: fieldOf(prefix, `${v.instancePath ?? ''}/${String(k)}`), reason: 'is not a known field' });
    } else {
      // A missing field, or a missing body (fastify hands an absent body to the validator as null).
      const atRoot = (v.instancePath ?? '').replace(/\//g, '') === '';
      const missing = v.keyword === 'invalid_type' && (/received undefined$/.test(v.message ?? '') || (atRoot && prefix === 'body' && /received null$/.test(v.message ?? '')));
      issues.push({ field: fieldOf(prefix, v.instancePath), reason: missing ? 'is required' : (v.message ?? 'is invalid') });
    }
  }
  return issues.length ? issues : [{ field: prefix, reason: err.message ?? 'is invalid' }];
}

/**
 * Turn anything thrown while handling a request into the {@link SmsfleetError} the client receives.
 * Fastify's own client errors (validation, bad JSON, body too large, bad media type) get their catalogue
 * code; anything unknown becomes `SMSFLEET_ERR_INTERNAL`, whose message never carries the detail (that goes
 * to the log, under the request id).
 */
export function toSmsfleetError(err: unknown, requestId?: string): SmsfleetError {
  if (isSmsfleetError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as FastifyLikeError;
  if (Array.isArray(e.validation) && e.validation.length) {
    const issues = validationIssues(e);
    const first = issues[0]!;
    return new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${first.field}: ${first.reason}`, { issues });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new SmsfleetError('SMSFLEET_ERR_INVALID_JSON', 'The request body is not valid JSON.', { field: 'body', reason: 'is not valid JSON' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SmsfleetError('SMSFLEET_ERR_INVALID_JSON', 'The request body is empty but its content type is JSON.', { field: 'body', reason: 'is empty' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SmsfleetError('SMSFLEET_ERR_BODY_TOO_LARGE', 'The request body is larger than the hub accepts.', { field: 'body', reason: 'is too large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'Unsupported content type: send application/json.',
        { field: 'headers.content-type', reason: 'must be application/json' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'Content-Length does not match the body.',
        { field: 'headers.content-length', reason: 'does not match the body' });
    case 'FST_ERR_NOT_FOUND':
      return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such route.');
    default:
      break;
  }
  if (e.code?.startsWith('FST_') && e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Another fastify client error (bad URL encoding, bad header): the client's fault, its message is safe.
    return new SmsfleetError('SMSFLEET_ERR_VALIDATION', e.message ?? 'Bad request.', { field: 'request', reason: e.message ?? 'is invalid' });
  }
  return new SmsfleetError('SMSFLEET_ERR_INTERNAL', 'An unexpected error occurred. The log has the details under the request id.', {
    ...(requestId ? { details: { requestId } } : {}),
    cause: err,
  });
}
