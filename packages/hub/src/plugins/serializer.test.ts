import { z } from 'zod';
import { serializerCompiler as zodSerializerCompiler, isResponseSerializationError } from '@fastify/type-provider-zod';
import { Message, OutboundEvent, Subscription } from '@smsfleet/core';
import { isPlainSchema, serializerCompiler, vouchForAnswer } from './serializer';

const compile = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/t', httpStatus: '200' } as never);
const zodCompile = (schema: z.ZodType) =>
  zodSerializerCompiler({ schema, method: 'GET', url: '/t', httpStatus: '200' } as never);

describe('response serializer', () => {
  it('tells plain schemas from ones that rewrite values', () => {
    expect(
      isPlainSchema(
        z.object({
          a: z.string().optional(),
          b: z.array(z.number().int()).nullable(),
          c: z.union([z.literal('x'), z.enum(['y'])]),
          d: z.record(z.string(), z.unknown()),
        }),
      ),
    ).toBe(true);
    expect(isPlainSchema(Message)).toBe(true);
    for (const s of [
      z.object({ a: z.string().default('x') }),
      z.object({ a: z.string().transform((x) => x.length) }),
      z.array(z.lazy(() => z.string())),
      z.number().pipe(z.number()),
    ]) {
      expect(isPlainSchema(s)).toBe(false);
    }
  });

  it("writes what zod's own serializer writes for the hub's records, unknown keys stripped", () => {
    const at = '2026-12-01T00:00:00.000Z';
    const samples: [z.ZodType, unknown][] = [
      [
        Message,
        {
          id: 'msg_1',
          to: '+14155550123',
          body: 'hi',
          segments: 1,
          encoding: 'GSM-7',
          priority: 0,
          status: 'sent',
          attempts: 1,
          createdAt: at,
          updatedAt: at,
          version: 2,
          secretField: 'x',
        },
      ],
      [
        Subscription,
        {
          id: 'sub_1',
          url: 'https://example.com/h',
          events: ['message.status_changed'],
          createdAt: at,
          failing: false,
          consecutiveFailures: 0,
          secret: 'whsec_x',
        },
      ],
      [
        OutboundEvent,
        {
          id: 'evt_1',
          type: 'message.status_changed',
          timestamp: at,
          data: { messageId: 'msg_1', to: '+14155550123', status: 'sent', previousStatus: 'pending', segments: 1, at },
        },
      ],
    ];
    for (const [schema, value] of samples) {
      if (value === undefined) continue;
      const ours = compile(schema)(value);
      expect(ours).toBe(zodCompile(schema)(value));
      expect(ours).not.toContain('secretField');
    }
  });

  it('refuses an answer that does not match the schema with a ResponseSerializationError', () => {
    let err: unknown;
    try {
      compile(z.object({ ok: z.literal(true) }))({ ok: false });
    } catch (e) {
      err = e;
    }
    expect(isResponseSerializationError(err)).toBe(true);
  });

  it("keeps zod's encode path for a schema that rewrites values", () => {
    const codec = z.codec(z.string(), z.number(), { decode: (s) => Number(s), encode: (n) => String(n) });
    expect(compile(z.object({ n: codec }))({ n: 42 })).toBe('{"n":"42"}');
  });

  it("writes a vouched answer unchecked, once, with its keys in the schema's order as zod writes them", () => {
    const schema = z.object({ id: z.string(), n: z.number().optional(), tags: z.array(z.string()), m: z.object({}) });
    const answer = { m: { b: 1, a: 2 }, tags: ['x'], n: undefined, id: 'a"b' };
    const parses = jest.spyOn(schema, 'safeParse');
    vouchForAnswer(answer);
    const write = compile(schema);
    expect(write(answer)).toBe('{"id":"a\\"b","tags":["x"],"m":{"b":1,"a":2}}');
    expect(parses).not.toHaveBeenCalled();
    // The mark is spent: checked again, which strips m's keys (the voucher answers for nested objects).
    expect(write(answer)).toBe('{"id":"a\\"b","tags":["x"],"m":{}}');
    expect(parses).toHaveBeenCalledTimes(1);
  });
});
