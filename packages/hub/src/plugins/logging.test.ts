import { Writable } from 'node:stream';
import pino from 'pino';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { testConfig } from '../testing';
import { memoryStoreCase } from '../testing/stores';
import { redactUrl } from './logging';

function capture() {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  };
}

describe('request logs carry no secrets', () => {
  it('redacts secret query parameters and nothing else', () => {
    expect(redactUrl('/dashboard/events?token=1732.key_01.abc&x=1')).toBe('/dashboard/events?token=[REDACTED]&x=1');
    expect(redactUrl('/a?api_key=sk_1&limit=5&Signature=ff&access%5Ftoken=t&q=token')).toBe(
      '/a?api_key=[REDACTED]&limit=5&Signature=[REDACTED]&access%5Ftoken=[REDACTED]&q=token',
    );
    expect(redactUrl('/a?%zz=1&token')).toBe('/a?%zz=1&token');
    expect(redactUrl('/v1/messages')).toBe('/v1/messages');
  });

  let store: Store;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('logs a stream token, an API key and gateway signatures as [REDACTED] (the default logger)', async () => {
    const log = capture();
    const app = buildApp({
      config: testConfig({ SMSFLEET_LOG_LEVEL: 'info' }),
      store,
      logStream: log.stream,
      runWorkers: false,
      processMetrics: false,
    });
    await app.ready();
    const { key } = await createApiKey(store, 'test');
    try {
      await app.inject({ method: 'GET', url: '/dashboard/events?token=1732450000000.key_01jd.s3cr3tt0ken&x=1' });
      await app.inject({
        method: 'GET',
        url: `/v1/account?api_key=${key}`,
        headers: { authorization: `Bearer ${key}` },
      });
      // Whatever logs a request's headers or a credential field gets them censored.
      app.log.info(
        {
          req: { headers: { authorization: `Bearer ${key}`, 'x-signature': 'deadbeef01' } },
          headers: { 'x-api-key': key, 'x-mysmsgate-signature': 'sha256=deadbeef02' },
          apiKey: key,
          sub: { secret: 'whsec_s3cr3t' },
        },
        'probe',
      );
      const text = log.lines.join('');
      expect(text).toContain('/dashboard/events?token=[REDACTED]&x=1');
      expect(text).toContain('/v1/account?api_key=[REDACTED]');
      expect(text).toContain('probe');
      for (const secret of ['s3cr3tt0ken', key, 'deadbeef01', 'deadbeef02', 'whsec_s3cr3t'])
        expect(text).not.toContain(secret);
    } finally {
      await app.close();
    }
  });

  it('adds the same redaction to a logger passed in', async () => {
    const log = capture();
    const app = buildApp({
      config: testConfig(),
      store,
      logger: pino({ level: 'info' }, log.stream),
      runWorkers: false,
      processMetrics: false,
    });
    await app.ready();
    try {
      await app.inject({ method: 'GET', url: '/healthz?token=s3cr3tt0ken' });
      app.log.info({ headers: { authorization: 'Bearer sk_passed_in' } }, 'probe');
      const text = log.lines.join('');
      expect(text).toContain('/healthz?token=[REDACTED]');
      expect(text).not.toContain('s3cr3tt0ken');
      expect(text).not.toContain('sk_passed_in');
    } finally {
      await app.close();
    }
  });
});
