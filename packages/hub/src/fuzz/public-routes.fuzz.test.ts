import fc from 'fast-check';
import { ERROR_CODES, type Store } from '@smsfleet/core';
import { redisStoreCase } from '../testing/stores';
import { apiRequest, webhookRequest, type FuzzRequest } from './arbitraries';
import { SCHEMES, startFuzzHub, type FuzzHub } from './fuzz-hub';
import { buildRequest, rawRequest, type RawAnswer } from './raw-http';

/**
 * Fuzzing over real HTTP on 127.0.0.1 (raw sockets, so that what fetch would refuse is sent too): every public
 * route and every gateway's ingress, with real webhooks of each gateway mangled (and often re-signed, so the
 * mangled body gets past the signature to the parser). The hub never answers 5xx, and every error answer
 * carries a catalogue code with its status. Seeded and bounded; the counts are printed.
 */
const SEED = 20261206;
/** Generous bounds for a loaded machine: they only stop a hung run, nothing is measured against them. */
const SUITE_MS = 300_000;
let count = 0;
const tally = new Map<string, number>();
const bump = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);

/** Why `answer` breaks the rule, or undefined. */
function problem(req: { method: string }, answer: RawAnswer | undefined): string | undefined {
  if (!answer) return 'no answer';
  count++;
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 400 || req.method === 'HEAD') {
    bump(String(answer.status));
    return undefined;
  }
  let code: unknown;
  try {
    code = (JSON.parse(answer.body.toString('utf8')) as { error?: { code?: unknown } }).error?.code;
  } catch {
    return 'error body is not JSON';
  }
  if (typeof code !== 'string' || !(code in ERROR_CODES)) return `no catalogue code (${String(code)})`;
  bump(`${answer.status} ${code}`);
  const status = ERROR_CODES[code as keyof typeof ERROR_CODES].status;
  return status === answer.status ? undefined : `${code} answered ${answer.status}, catalogue says ${status}`;
}

async function check(hub: FuzzHub, req: FuzzRequest): Promise<void> {
  const answer = await rawRequest(hub.port, buildRequest(req.method, req.path, req.headers, req.body));
  const why = problem(req, answer);
  if (why) throw new Error(`${why}: ${req.method} ${req.path}\n${answer?.raw.toString('latin1').slice(0, 600) ?? ''}`);
}

describe('fuzzing the public routes and the gateway ingress', () => {
  let store: Store;
  let hub: FuzzHub;
  beforeAll(async () => {
    store = await redisStoreCase.create();
    hub = await startFuzzHub(store);
  }, SUITE_MS);
  afterEach(() => {
    process.stdout.write(
      `fuzz ${expect.getState().currentTestName}: ${count} requests, ` +
        `answers ${JSON.stringify(Object.fromEntries([...tally].sort(([a], [b]) => a.localeCompare(b))))}\n`,
    );
    count = 0;
    tally.clear();
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
  });

  it(
    'answers any request to a public route without 5xx, every error with its code',
    async () => {
      await fc.assert(
        fc.asyncProperty(apiRequest(hub.apiKey), (req) => check(hub, req)),
        { seed: SEED, numRuns: 500 },
      );
    },
    SUITE_MS,
  );

  it.each(SCHEMES)(
    'answers mangled %s webhooks without 5xx, every error with its code',
    async (scheme) => {
      const seeds = hub.seeds.get(scheme)!;
      const others = [...hub.connectionOf]
        .filter(([s]) => s !== scheme)
        .map(([, id]) => `/ingress/${id}`)
        .concat('/ingress/nope', '/ingress/%00');
      const arb = webhookRequest(seeds, others, (h, b) => hub.resign(scheme, h, b));
      await fc.assert(
        fc.asyncProperty(arb, (req) => check(hub, req)),
        { seed: SEED, numRuns: 120 },
      );
    },
    SUITE_MS,
  );

  it(
    'answers malformed HTTP, huge headers and huge URLs with a coded 4xx',
    async () => {
      const line = fc.oneof(
        fc.constantFrom(
          'GET / HTTP/1.1',
          'GET /healthz HTTP/9.9',
          'GET  HTTP/1.1',
          'G\u0000T / HTTP/1.1',
          'GET /healthz',
          '/ HTTP/1.1',
          'BREW /pot HTTP/1.1',
          'GET /a b HTTP/1.1',
          'POST /v1/messages HTTP/1.1',
        ),
        fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      );
      const header = fc.oneof(
        fc.constantFrom(
          'Host: 127.0.0.1',
          'Content-Length: -1',
          'Content-Length: 1x',
          'Content-Length: 1, 2',
          'Transfer-Encoding: chunked, identity',
          'Transfer-Encoding: chunked\r\nContent-Length: 3',
          ': novalue',
          'No Colon',
          'X-Ok: \u0001',
          ' folded: header',
          'Host: a\r\nHost: b',
        ),
        fc
          .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }))
          .map(([k, v]) => `${k}: ${v}`.replace(/[\r\n]/g, '')),
      );
      const body = fc.constantFrom('', '0\r\n\r\n', 'zz\r\nabc\r\n0\r\n\r\n', '{}');
      const malformed = fc
        .tuple(line, fc.array(header, { maxLength: 4 }), body)
        .map(([l, hs, b]) => `${l}\r\nConnection: close\r\n${hs.map((h) => `${h}\r\n`).join('')}\r\n${b}`);
      // Over the 16 KiB limit, in one write (a reset before the server reads everything would lose the answer).
      const huge = fc.oneof(
        fc
          .integer({ min: 17_000, max: 40_000 })
          .map((n) => buildRequest('GET', '/healthz', { 'x-big': 'a'.repeat(n) })),
        fc
          .integer({ min: 200, max: 1_500 })
          .map((n) =>
            buildRequest(
              'GET',
              '/v1/account',
              Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, 'v'.repeat(20)])),
            ),
          ),
        fc.integer({ min: 17_000, max: 40_000 }).map((n) => buildRequest('GET', `/l/${'a'.repeat(n)}`)),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            malformed.map((s) => Buffer.from(s, 'latin1')),
            huge,
          ),
          async (bytes) => {
            const answer = await rawRequest(hub.port, bytes);
            // A request node cannot read at all may get no answer only if the client is gone; ours is not.
            const why = problem({ method: 'GET' }, answer);
            if (why)
              throw new Error(
                `${why}: ${JSON.stringify(bytes.subarray(0, 200).toString('latin1'))}\n` +
                  (answer?.raw.toString('latin1').slice(0, 400) ?? ''),
              );
          },
        ),
        { seed: SEED, numRuns: 150 },
      );
    },
    SUITE_MS,
  );
});
