import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Shapes a gateway's error body: each gateway has its own. */
export type ErrorShaper = (status: number, message: string, data?: unknown) => unknown;

/** A thrown error that becomes a gateway-shaped error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * A fastify server with the gateway's error shape for every failure: unknown routes (404), malformed
 * JSON (400), thrown {@link HttpError}s, and anything else (500).
 */
export function createServer(shape: ErrorShaper): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.setErrorHandler((err: unknown, _req, reply) => {
    if (err instanceof HttpError) return reply.code(err.status).send(shape(err.status, err.message, err.data));
    const e = err as { statusCode?: number; message?: string };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    const msg = status === 500 ? 'internal server error' : `invalid request: ${e.message ?? 'bad input'}`;
    return reply.code(status).send(shape(status, msg));
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(shape(404, `route ${req.method} ${req.url} not found`)));
  return app;
}

/** Listen on `host` at a free port; returns the base URL. */
export async function listen(app: FastifyInstance, host: string): Promise<string> {
  await app.listen({ host, port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('fleet-sim: server has no TCP address');
  return `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request carries `Authorization: Basic user:pass` for these credentials. */
export function checkBasic(req: FastifyRequest, user: string, pass: string): boolean {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  return safeEqual(decoded, `${user}:${pass}`);
}

/** The value of a header (first one if repeated). */
export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Hex HMAC-SHA256. */
export function hmacHex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** E.164: `+`, then 7 to 15 digits, first not 0. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** A JSON object body, or a 400. */
export function objectBody(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return b as Record<string, unknown>;
}

/** Reply helper: status + JSON. */
export function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).send(body);
}
