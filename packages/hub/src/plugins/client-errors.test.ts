import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { parserErrorFor } from './client-errors';
import { createApiKey } from '../auth/api-keys';
import { buildRequest, rawRequest, type RawAnswer } from '../fuzz/raw-http';
import { freePort, testConfig } from '../testing';
import { memoryStoreCase } from '../testing/stores';
import type { HubApp } from '../types';

/** Log lines as parsed objects, and a way to wait for one. */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const line = JSON.parse(String(chunk)) as Record<string, unknown>;
      lines.push(line);
      for (const w of waiters.filter((x) => x.match(line))) w.resolve();
      cb();
    },
  });
  const waitFor = (match: (l: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => {
      if (lines.some(match)) return resolve();
      waiters.push({ match, resolve });
    });
  return { lines, stream, waitFor };
}

function errorOf(a: RawAnswer | undefined): { code: string; field?: string } {
  if (!a) throw new Error('no answer');
  return (JSON.parse(a.body.toString('utf8')) as { error: { code: string; field?: string } }).error;
}

describe('coded answers to what is not a good request', () => {
  let store: Store;
  let app: HubApp;
  let port: number;
  let log: ReturnType<typeof logCapture>;
  let parsing: Promise<void>;
  let apiKey: string;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
    log = logCapture();
    port = await freePort();
    app = buildApp({
      config: testConfig({ SMSFLEET_LOG_LEVEL: 'debug' }),
      store,
      logStream: log.stream,
      runWorkers: false,
      processMetrics: false,
    });
    parsing = new Promise((resolve) => {
      app.addHook('preParsing', async (_request, _reply, payload) => {
        resolve();
        return payload;
      });
    });
    await app.listen({ host: '127.0.0.1', port });
    apiKey = (await createApiKey(store, 'test')).key;
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(port, buildRequest('GET', path, headers));

  it('answers headers over the limit 431 SMSFLEET_ERR_HEADERS_TOO_LARGE, an overlong URL 414', async () => {
    const big = await get('/healthz', { 'x-big': 'a'.repeat(20_000) });
    expect(big?.status).toBe(431);
    expect(big?.headers['content-type']).toMatch(/^application\/json/);
    expect(errorOf(big)).toMatchObject({ code: 'SMSFLEET_ERR_HEADERS_TOO_LARGE', field: 'headers' });
    const long = await get(`/v1/messages?x=${'a'.repeat(20_000)}`);
    expect(long?.status).toBe(414);
    expect(errorOf(long)).toMatchObject({ code: 'SMSFLEET_ERR_URL_TOO_LONG', field: 'url' });
  });

  it('answers malformed HTTP and a missing Host 400 SMSFLEET_ERR_BAD_REQUEST', async () => {
    for (const bytes of [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n',
      'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
    ]) {
      const a = await rawRequest(port, bytes);
      expect(a?.status).toBe(400);
      expect(errorOf(a).code).toBe('SMSFLEET_ERR_BAD_REQUEST');
    }
  });

  it('answers a bad URL encoding 400 SMSFLEET_ERR_BAD_URL, a long path segment by the route schema', async () => {
    for (const p of ['/v1/messages/%zz', '/dashboard/%', '/l/%E2%82']) {
      const a = await get(p);
      expect([p, a?.status, errorOf(a).code]).toEqual([p, 400, 'SMSFLEET_ERR_BAD_URL']);
    }
    const code = await get(`/l/${'a'.repeat(120)}`);
    expect(code?.status).toBe(400);
    expect(errorOf(code)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'params.code' });
    const huge = await get(`/l/${'a'.repeat(2_000)}`);
    expect(huge?.status).toBe(414);
    expect(errorOf(huge).code).toBe('SMSFLEET_ERR_URL_TOO_LONG');
  });

  it('answers static paths with a NUL 400, traversal 404 and a bad range 416, never 500', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['/dashboard/%00', {}, 400, 'SMSFLEET_ERR_BAD_URL'],
      ['/dashboard/index.html%00.js', {}, 400, 'SMSFLEET_ERR_BAD_URL'],
      ['/dashboard/..%5c..%5cpackage.json', {}, 404, 'SMSFLEET_ERR_NOT_FOUND'],
      ['/dashboard/..%2f..%2fpackage.json', {}, 404, 'SMSFLEET_ERR_NOT_FOUND'],
      ['/docs/static/%00', {}, 400, 'SMSFLEET_ERR_BAD_URL'],
      ['/dashboard/index.html', { range: 'bytes=999999-' }, 416, 'SMSFLEET_ERR_RANGE_NOT_SATISFIABLE'],
      ['/dashboard/index.html', { 'if-match': '"nope"' }, 412, 'SMSFLEET_ERR_PRECONDITION_FAILED'],
    ];
    for (const [p, h, status, code] of cases) {
      const a = await get(p, h);
      expect([p, a?.status, errorOf(a).code]).toEqual([p, status, code]);
    }
    expect((await get('/dashboard/index.html'))?.status).toBe(200);
  });

  it('ignores an Expect it does not know instead of an uncoded 417', async () => {
    expect((await get('/healthz', { expect: 'tea' }))?.status).toBe(200);
  });

  it('does not log a client that hangs up mid-body as an error', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': '1000' };
    socket.write(buildRequest('POST', '/v1/webhooks', headers, '{"url":'));
    await parsing; // the hub is reading the body
    socket.destroy();
    // Either way the hub notes it: as a hang-up (debug), or (what it did) as an unhandled error.
    await log.waitFor((l) => l.msg === 'client closed the connection' || (l.level as number) >= 40);
    expect(log.lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });
});

describe('parserErrorFor', () => {
  const err = (code: string, rawPacket?: string) =>
    Object.assign(new Error(code), { code, ...(rawPacket === undefined ? {} : { rawPacket: Buffer.from(rawPacket) }) });

  it("maps node's request timeout to 408, a reset to no answer, anything else to 400", () => {
    expect(parserErrorFor(err('ERR_HTTP_REQUEST_TIMEOUT'))).toMatchObject({
      code: 'SMSFLEET_ERR_REQUEST_TIMEOUT',
      statusCode: 408,
    });
    expect(parserErrorFor(err('ECONNRESET'))).toBe('gone');
    expect(parserErrorFor(err('HPE_INVALID_METHOD'))).toMatchObject({
      code: 'SMSFLEET_ERR_BAD_REQUEST',
      statusCode: 400,
    });
  });

  it('tells an overlong request line (414) from too many header bytes (431)', () => {
    expect(parserErrorFor(err('HPE_HEADER_OVERFLOW', `GET /${'a'.repeat(9_000)}`))).toMatchObject({ statusCode: 414 });
    expect(parserErrorFor(err('HPE_HEADER_OVERFLOW', `GET / HTTP/1.1\r\nx: ${'a'.repeat(17_000)}`))).toMatchObject({
      statusCode: 431,
    });
    expect(parserErrorFor(err('HPE_HEADER_OVERFLOW'))).toMatchObject({ statusCode: 431 });
  });
});
