import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { SmsfleetError } from '@smsfleet/core';
import { toSmsfleetError } from './error-mapping';

/** Error codes that mean the peer closed the connection (a reset, a write to a closed socket, a stream cut short). */
const GONE_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
]);

/**
 * True when `err` only says that the client went away (it closed the connection mid-body or before the
 * answer): nobody is left to answer, and it is no fault of the hub's. An ECONNRESET from a call the hub makes
 * (a gateway) while the client is still connected is not this.
 */
export function isClientGone(err: unknown, request: FastifyRequest): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: string; message?: string };
  const raw = request.raw;
  const closed = raw.aborted || raw.destroyed || !raw.socket || raw.socket.destroyed;
  return closed && ((e.code !== undefined && GONE_CODES.has(e.code)) || e.message === 'aborted' || raw.aborted);
}

/** Half of node's default 16 KiB header limit. */
const LONG_REQUEST_LINE = 8 * 1024;

/**
 * The answer to an error node's HTTP parser raised before fastify saw a request (node's `clientError`): a
 * malformed request line or header, headers over the size limit, a request that did not arrive in time. The
 * status and code it gets, and whether it is the client going away (no answer).
 */
export function parserErrorFor(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): SmsfleetError | 'gone' {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'gone';
    case 'HPE_HEADER_OVERFLOW': {
      // The limit counts the request line too: a request line of half the limit or more is an overlong URL.
      const packet = err.rawPacket;
      const eol = packet ? packet.indexOf('\n') : -1;
      if (packet && (eol < 0 ? packet.length : eol) >= LONG_REQUEST_LINE) {
        return new SmsfleetError('SMSFLEET_ERR_URL_TOO_LONG', 'The URL is longer than the hub accepts.', {
          field: 'url',
          reason: 'is too long',
        });
      }
      return new SmsfleetError(
        'SMSFLEET_ERR_HEADERS_TOO_LARGE',
        'The request headers are larger than the hub accepts.',
        { field: 'headers', reason: 'are too large' },
      );
    }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new SmsfleetError('SMSFLEET_ERR_REQUEST_TIMEOUT', 'The request did not arrive in time.', {
        field: 'request',
        reason: 'did not arrive in time',
      });
    default:
      return new SmsfleetError('SMSFLEET_ERR_BAD_REQUEST', 'The request is not well-formed HTTP.', {
        field: 'request',
        reason: 'is not well-formed HTTP',
      });
  }
}

/**
 * A handler for node's `clientError` (fastify's `clientErrorHandler` option): the coded JSON error body as a
 * raw HTTP/1.1 answer, then the connection is closed (the parser cannot go on after an error). Nothing is
 * written when the client has gone or an answer to an earlier request on the connection has begun. fastify
 * calls it with the instance as `this`.
 */
export function clientErrorHandler(this: { log: FastifyBaseLogger }, err: NodeJS.ErrnoException, socket: Socket): void {
  const e = parserErrorFor(err);
  if (e === 'gone' || socket.destroyed) {
    this.log.debug({ code: err.code }, 'client closed the connection');
    socket.destroy();
    return;
  }
  this.log.info({ code: e.code, parserError: err.code }, e.message);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(e.toJSON());
  socket.end(
    `HTTP/1.1 ${e.statusCode} ${STATUS_CODES[e.statusCode] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  // Close once the answer is flushed; the parser is dead, so any bytes the client still sends are ignored.
  socket.once('finish', () => socket.destroy());
}

/**
 * fastify's `frameworkErrors` option: errors fastify's router raises before any route or hook runs (a URL
 * that is not validly percent-encoded, a path segment over `maxParamLength`). Answered with their catalogue
 * code like every other error.
 */
export function frameworkErrorHandler(err: Error, request: FastifyRequest, reply: FastifyReply): void {
  const e = toSmsfleetError(err, request.id);
  request.log.info({ code: e.code, field: e.field, reason: e.reason }, e.message);
  void reply
    .code(e.statusCode)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(e.toJSON());
}
