import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { SmsfleetError } from '@smsfleet/core';
import { toSmsfleetError } from './error-mapping';

/**
 * Every error leaves the hub as `SmsfleetError.toJSON()` with the status its code maps to. Unknown routes
 * get `SMSFLEET_ERR_NOT_FOUND`; unexpected errors are logged in full (with the request id) and answered with
 * `SMSFLEET_ERR_INTERNAL`, whose body carries only the request id.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err, request, reply) => {
    const e = toSmsfleetError(err, request.id);
    if (e.code === 'SMSFLEET_ERR_INTERNAL') {
      request.log.error({ err }, 'unhandled error');
    } else if (e.statusCode >= 500) {
      request.log.warn({ err, code: e.code }, e.message);
    } else {
      request.log.info({ code: e.code, field: e.field, reason: e.reason }, e.message);
    }
    return reply.code(e.statusCode).type('application/json; charset=utf-8').send(e.toJSON());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const e = new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No route ${request.method} ${path}.`, {
      field: 'url', reason: `no route ${request.method} ${path}`,
    });
    return reply.code(e.statusCode).send(e.toJSON());
  });
}, { name: 'smsfleet-errors', fastify: '5.x' });
