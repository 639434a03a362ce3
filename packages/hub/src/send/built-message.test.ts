import fc from 'fast-check';
import { isSmsfleetError, Message, SendRequest, StatusEvent, TemplatedSendRequest } from '@smsfleet/core';
import { memoryStoreCase, rig, type Rig } from '../testing';

// The send service vouches for the messages it builds (vouchForCreate), so the store copies them without parsing:
// every message and first event it hands the store must pass the schemas, whatever the valid request.
describe('the send service builds schema-valid messages', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(await memoryStoreCase.create());
  });
  afterAll(() => r.close());
  afterEach(() => jest.restoreAllMocks());

  const word = fc.string({ minLength: 1, maxLength: 20 });
  const request = fc.record(
    {
      to: fc.constantFrom('+14155550123', '+1 (415) 555-0124', '+44 7400 123456', '0049 1512 3456789'),
      body: fc.oneof(
        fc.string({ minLength: 1, maxLength: 400 }),
        fc.string({ maxLength: 40 }).map((s) => `${s} https://example.com/o/${encodeURIComponent(s)} ok`),
      ),
      reference: word,
      metadata: fc.dictionary(word, fc.string({ maxLength: 50 }), { maxKeys: 5 }),
      campaign: word,
      tags: fc.array(word, { maxLength: 5 }),
      priority: fc.integer({ min: -128, max: 127 }),
      sendAt: fc.integer({ min: -3600, max: 86400 }).map((s) => new Date(Date.now() + s * 1000).toISOString()),
      ttlSeconds: fc.integer({ min: 60, max: 7 * 86400 }),
      trackLinks: fc.boolean(),
      optOutFooter: fc.boolean(),
      urgent: fc.boolean(),
    },
    { requiredKeys: ['to', 'body'] },
  );

  it('hands the store a message and event the schemas accept unchanged', async () => {
    const create = jest.spyOn(r.store.messages, 'create');
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        request,
        fc.boolean(),
        fc.option(fc.string({ minLength: 1, maxLength: 200 })),
        async (req, validated, key) => {
          const parsed = TemplatedSendRequest.safeParse(req);
          if (!parsed.success) return;
          create.mockClear();
          try {
            await r.app.pipeline.sender.send([validated ? parsed.data : req], {
              now: new Date(),
              validated,
              ...(key === null ? {} : { idempotencyKey: key }),
            });
          } catch (e) {
            if (isSmsfleetError(e) && e.code !== 'SMSFLEET_ERR_INTERNAL') return; // a refusal the caller is told of
            throw e;
          }
          const [m, events] = create.mock.calls[0]!;
          expect(Message.parse(m)).toEqual(m);
          expect(events.map((e) => StatusEvent.parse(e))).toEqual(events);
          created++;
        },
      ),
      { numRuns: 150 },
    );
    expect(created).toBeGreaterThan(50);
  });

  // The service leaves the body unparsed when it is the caller's own text (a parsed SendRequest): sound only while the
  // two rules agree.
  it("accepts the same bodies for a message as for a request's own text", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 1700 }), fc.constantFrom('', 'x'.repeat(1600), 'x'.repeat(1601))),
        (b) => {
          expect(Message.shape.body.safeParse(b).success).toBe(SendRequest.shape.body.safeParse(b).success);
        },
      ),
    );
  });
});
