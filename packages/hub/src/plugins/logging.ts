import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger';
import type { DestinationStream, LoggerOptions } from 'pino';

/** Request headers that carry a credential: API keys, gateway signatures and JWTs, cookies. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'x-signature',
  'x-mysmsgate-signature',
];

/** Field names whose values are secrets wherever they sit in a logged object. */
const SECRET_FIELDS = [
  'apiKey',
  'api_key',
  'token',
  'secret',
  'password',
  'signingKey',
  'webhookSigningKey',
  'webhookSigningSecret',
];

/**
 * pino `redact` paths: secret headers of a logged request or headers object (at the top or one level down)
 * and secret fields at the top level or one level down.
 */
export const REDACT_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`]),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]),
];

/** A query parameter whose value is a secret: stream tokens, keys, signatures, passwords. */
const SECRET_PARAM = /token|secret|passw|api[-_]?key|^key$|signature|^sig$|auth|credential|session|jwt/i;

const REDACTED = '[REDACTED]';

/**
 * `url` with the value of every secret query parameter (`?token=…`, `?api_key=…`) replaced by `[REDACTED]`;
 * everything else byte for byte. For logging only.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        /* a bad encoding: match the raw name */
      }
      return SECRET_PARAM.test(name) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** The request as logged (fastify's own fields), with secret query parameters redacted from the URL. */
function reqSerializer(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}

/** What the hub adds to any pino logger: redaction and the request serializer. */
export const LOG_REDACTION: Pick<LoggerOptions, 'redact' | 'serializers'> = {
  redact: { paths: REDACT_PATHS, censor: REDACTED },
  serializers: { req: reqSerializer as (req: unknown) => unknown },
};

/** fastify's `logger` options for the hub: the level, redaction, and optionally where to write. */
export function hubLoggerOptions(
  level: string,
  stream?: DestinationStream,
): LoggerOptions & { stream?: DestinationStream } {
  return { level, ...LOG_REDACTION, ...(stream ? { stream } : {}) };
}

/**
 * fastify's `childLoggerFactory`: the request's logger is a child carrying its request id, except where the logger
 * logs nothing (level `silent`, no route level), where it is the logger itself. pino runs the redaction over each
 * child's bindings as the child is made, a cost per request (a few percent of a short-link click) for a logger that
 * never writes.
 */
export function quietChildLoggerFactory(
  this: unknown,
  logger: FastifyBaseLogger,
  bindings: Bindings,
  opts: ChildLoggerOptions,
): FastifyBaseLogger {
  if (opts.level === undefined && logger.level === 'silent') return logger;
  return logger.child(bindings, opts);
}
