import { SmsfleetError, isSmsfleetError, type FieldIssue } from '@smsfleet/core';

/** Where fastify found a validation problem, as our field prefix. */
const CONTEXT_PREFIX: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  /** http-errors (what `send` under @fastify/static throws) put the status here too. */
  status?: number;
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
    const keys =
      v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? (v.params.keys as unknown[]) : undefined;
    if (keys?.length) {
      for (const k of keys)
        issues.push({ field: fieldOf(prefix, `${v.instancePath ?? ''}/${String(k)}`), reason: 'is not a known field' });
    } else {
      // A missing field, or a missing body (fastify hands an absent body to the validator as null).
      const atRoot = (v.instancePath ?? '').replace(/\//g, '') === '';
      const missing =
        v.keyword === 'invalid_type' &&
        (/received undefined$/.test(v.message ?? '') ||
          (atRoot && prefix === 'body' && /received null$/.test(v.message ?? '')));
      issues.push({
        field: fieldOf(prefix, v.instancePath),
        reason: missing ? 'is required' : (v.message ?? 'is invalid'),
      });
    }
  }
  return issues.length ? issues : [{ field: prefix, reason: err.message ?? 'is invalid' }];
}

/**
 * An error of the static-file server (`send`, through @fastify/static): http-errors carry a 4xx `status`
 * and no `code`. A path that climbs out of the root or names a dotfile is answered as absent (403 would
 * confirm that something is there).
 */
function staticFileError(e: FastifyLikeError): SmsfleetError | undefined {
  if (e.code !== undefined) return undefined;
  const status = e.status ?? e.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  switch (status) {
    case 400:
      return new SmsfleetError('SMSFLEET_ERR_BAD_URL', 'The URL path cannot name a file.', {
        field: 'url',
        reason: 'is not a valid file path',
      });
    case 403:
    case 404:
      return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such file.', { field: 'url', reason: 'no such file' });
    case 412:
      return new SmsfleetError('SMSFLEET_ERR_PRECONDITION_FAILED', 'A conditional header did not hold.', {
        field: 'headers',
        reason: 'If-Match or If-Unmodified-Since did not hold',
      });
    case 416:
      return new SmsfleetError('SMSFLEET_ERR_RANGE_NOT_SATISFIABLE', 'The requested range is outside the file.', {
        field: 'headers.range',
        reason: 'is outside the file',
      });
    default:
      return new SmsfleetError('SMSFLEET_ERR_BAD_REQUEST', 'The request cannot be served.', {
        field: 'request',
        reason: `answered ${status} by the file server`,
      });
  }
}

/**
 * Turn anything thrown while handling a request into the {@link SmsfleetError} the client receives.
 * Fastify's own client errors (validation, bad JSON, body too large, bad media type) get their catalogue
 * code, as do bad URLs and the static-file server's refusals; anything unknown becomes `SMSFLEET_ERR_INTERNAL`,
 * whose message never carries the detail (that goes to the log, under the request id).
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
      return new SmsfleetError('SMSFLEET_ERR_INVALID_JSON', 'The request body is not valid JSON.', {
        field: 'body',
        reason: 'is not valid JSON',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SmsfleetError('SMSFLEET_ERR_INVALID_JSON', 'The request body is empty but its content type is JSON.', {
        field: 'body',
        reason: 'is empty',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SmsfleetError('SMSFLEET_ERR_BODY_TOO_LARGE', 'The request body is larger than the hub accepts.', {
        field: 'body',
        reason: 'is too large',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'Unsupported content type: send application/json.', {
        field: 'headers.content-type',
        reason: 'must be application/json',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'Content-Length does not match the body.', {
        field: 'headers.content-length',
        reason: 'does not match the body',
      });
    case 'FST_ERR_NOT_FOUND':
      return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such route.');
    case 'FST_STATIC_FORBIDDEN_PATH': // an older @fastify/static (under swagger-ui) refusing a path outside its root
      return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such file.', { field: 'url', reason: 'no such file' });
    case 'FST_ERR_BAD_URL':
      return new SmsfleetError('SMSFLEET_ERR_BAD_URL', 'The URL path is not validly percent-encoded.', {
        field: 'url',
        reason: 'is not validly percent-encoded',
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new SmsfleetError(
        'SMSFLEET_ERR_URL_TOO_LONG',
        'A segment of the URL path is longer than the hub accepts.',
        { field: 'url', reason: 'has a path segment that is too long' },
      );
    default:
      break;
  }
  const fromFiles = staticFileError(e);
  if (fromFiles) return fromFiles;
  if (isRedisError(err)) {
    return new SmsfleetError('SMSFLEET_ERR_STORE', 'The store failed.', { cause: err });
  }
  if (e.code?.startsWith('FST_') && e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Another fastify client error (bad URL encoding, bad header): the client's fault, its message is safe.
    return new SmsfleetError('SMSFLEET_ERR_VALIDATION', e.message ?? 'Bad request.', {
      field: 'request',
      reason: e.message ?? 'is invalid',
    });
  }
  return new SmsfleetError(
    'SMSFLEET_ERR_INTERNAL',
    'An unexpected error occurred. The log has the details under the request id.',
    {
      ...(requestId ? { details: { requestId } } : {}),
      cause: err,
    },
  );
}

/** ioredis's own error classes, for a store that let one escape unwrapped. */
const REDIS_ERROR_NAMES = new Set([
  'ReplyError',
  'RedisError',
  'MaxRetriesPerRequestError',
  'ClusterAllFailedError',
  'ParserError',
]);

function isRedisError(err: unknown): boolean {
  return err instanceof Error && REDIS_ERROR_NAMES.has(err.name);
}

/**
 * The error as the client sees it. A store failure's message carries the backend's words (a Redis
 * `NOPERM …`, a host and port, a key name): the client gets a fixed message and the request id, and the log
 * keeps the original.
 */
export function forClient(e: SmsfleetError, requestId?: string): SmsfleetError {
  if (e.code !== 'SMSFLEET_ERR_STORE') return e;
  return new SmsfleetError(
    'SMSFLEET_ERR_STORE',
    'The hub cannot use its store right now; retry shortly.',
    requestId ? { details: { requestId } } : {},
  );
}
