import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { hubLoggerOptions, quietChildLoggerFactory } from './logging';

describe('quietChildLoggerFactory', () => {
  it('makes no child for a silent logger, whose redaction would run for nothing', () => {
    const logger = pino(hubLoggerOptions('silent')) as unknown as FastifyBaseLogger;
    const child = jest.spyOn(logger, 'child');
    expect(quietChildLoggerFactory(logger, { reqId: 'r1' }, {})).toBe(logger);
    expect(child).not.toHaveBeenCalled();
  });

  it('makes the request child, with its id, for a logger that writes or a route with its own level', () => {
    const lines: string[] = [];
    const logger = pino(hubLoggerOptions('info'), { write: (l: string) => lines.push(l) }) as FastifyBaseLogger;
    quietChildLoggerFactory(logger, { reqId: 'r2' }, {}).info('hello');
    expect(JSON.parse(lines[0]!)).toMatchObject({ reqId: 'r2', msg: 'hello' });
    const silent = pino(hubLoggerOptions('silent')) as unknown as FastifyBaseLogger;
    const routeLevel = quietChildLoggerFactory(silent, { reqId: 'r3' }, { level: 'debug' });
    expect(routeLevel).not.toBe(silent);
    expect(routeLevel.level).toBe('debug');
  });
});
