import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { SmsfleetError } from '@smsfleet/core';
import { forClient, toSmsfleetError } from './error-mapping';
import { isClientGone } from './client-errors';

/**
 * Every error leaves the hub as `SmsfleetError.toJSON()` with the status its code maps to. Unknown routes
 * get `SMSFLEET_ERR_NOT_FOUND`; unexpected errors are logged in full (with the request id) and answered with
 * `SMSFLEET_ERR_INTERNAL`, whose body carries only the request id. A store failure is answered without the
 * backend's words (they go to the log). A client that went away is no error: logged at debug, not answered.
 */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err, request, reply) => {
      if (isClientGone(err, request)) {
        request.log.debug({ code: (err as { code?: string }).code }, 'client closed the connection');
        return reply.code(400).send(); // nothing reaches the closed socket; this only ends the request's lifecycle
      }
      const e = toSmsfleetError(err, request.id);
      if (e.code === 'SMSFLEET_ERR_INTERNAL') {
        request.log.error({ err }, 'unhandled error');
      } else if (e.statusCode >= 500) {
        request.log.warn({ err, code: e.code }, e.message);
      } else {
        request.log.info({ code: e.code, field: e.field, reason: e.reason }, e.message);
      }
      const answer = forClient(e, request.id);
      return reply.code(answer.statusCode).type('application/json; charset=utf-8').send(answer.toJSON());
    });

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0];
      const e = new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No route ${request.method} ${path}.`, {
        field: 'url',
        reason: `no route ${request.method} ${path}`,
      });
      return reply.code(e.statusCode).send(e.toJSON());
    });
  },
  { name: 'smsfleet-errors', fastify: '5.x' },
);
