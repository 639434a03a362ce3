import { ResponseSerializationError, serializerCompiler as zodSerializerCompiler } from '@fastify/type-provider-zod';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import type { z } from 'zod';

/** zod node types whose output equals their input: parsing checks and strips, it never rewrites a value. */
const PLAIN = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'undefined',
  'literal',
  'enum',
  'unknown',
  'any',
  'date',
  'object',
  'array',
  'optional',
  'nullable',
  'union',
  'record',
  'tuple',
  'readonly',
  'intersection',
]);

const plainCache = new WeakMap<object, boolean>();

/** Answers whose maker vouched that they match their route's response schema, each for one serialisation. */
const vouched = new WeakSet<object>();

/**
 * Mark `answer` as matching its route's (plain, object) response schema, so that its serialisation writes it without
 * checking it again: a created message is built from checked values and vouched for to the store (`vouchForCreate`),
 * and checking it once more cost a tenth of a send. Only its top-level keys are put in the schema's order (as zod's
 * output has them): nested objects must already be in their schema's order, and no key may be outside the schema.
 * The mark is spent by the first serialisation; an answer not marked is checked as always. Whoever vouches must test
 * that the JSON is the one the check writes.
 */
export function vouchForAnswer(answer: object): void {
  vouched.add(answer);
}

/**
 * True when `schema` holds no transform, pipe, codec, default or other step that rewrites values, so that
 * decoding, encoding and parsing a value all give the same result.
 */
export function isPlainSchema(schema: z.ZodType): boolean {
  const cached = plainCache.get(schema);
  if (cached !== undefined) return cached;
  plainCache.set(schema, true); // a cycle (only reachable through lazy, which is not plain) cannot loop
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  let plain = PLAIN.has(def.type);
  const children: unknown[] = [];
  if (plain) {
    if (def.type === 'object') {
      children.push(...Object.values(def.shape as Record<string, unknown>));
      if (def.catchall) children.push(def.catchall);
    } else if (def.type === 'array') children.push(def.element);
    else if (def.type === 'union') children.push(...(def.options as unknown[]));
    else if (def.type === 'record') children.push(def.keyType, def.valueType);
    else if (def.type === 'tuple') children.push(...(def.items as unknown[]), ...(def.rest ? [def.rest] : []));
    else if (def.type === 'intersection') children.push(def.left, def.right);
    else if ('innerType' in def) children.push(def.innerType);
    plain = children.every((c) => isPlainSchema(c as z.ZodType));
  }
  plainCache.set(schema, plain);
  return plain;
}

/**
 * The hub's response serializer compiler: what `@fastify/type-provider-zod`'s does (check the answer against the
 * route's response schema, strip unknown keys, 500 `ResponseSerializationError` on a mismatch), but for a plain
 * schema (see {@link isPlainSchema}) through zod's compiled parse instead of its encode path, which is about 25 times
 * slower and the largest cost of a small answer. Schemas with transforms keep the encode path.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  const maybe = route.schema as unknown;
  const schema = (
    maybe && typeof maybe === 'object' && 'properties' in maybe ? (maybe as { properties: unknown }).properties : maybe
  ) as z.ZodType;
  if (!schema || typeof schema !== 'object' || !('_zod' in schema) || !isPlainSchema(schema))
    return zodSerializerCompiler(route as never);
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, unknown>; catchall?: unknown };
  // Only where zod's output keeps exactly the shape's keys (a catch-all would keep others).
  const write = def.type === 'object' && def.shape && !def.catchall ? orderedWriter(Object.keys(def.shape)) : undefined;
  return (data: unknown) => {
    if (write && typeof data === 'object' && data !== null && vouched.delete(data)) return write(data);
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(route.method, route.url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};

/**
 * A writer of the JSON of an object with its top-level keys in `keys`' order (zod's output order), undefined values
 * left out. Compiled, as zod compiles its object parsers, so that each key is a constant property load rather than a
 * keyed one: the keys are the schema's, each written as a JSON string literal.
 */
function orderedWriter(keys: readonly string[]): ((data: object) => string) | undefined {
  if (keys.includes('__proto__')) return undefined; // an assignment would set the prototype: no fast path
  const steps = keys.map((k) => `v = d[${JSON.stringify(k)}]; if (v !== undefined) o[${JSON.stringify(k)}] = v;`);
  return new Function('d', `const o = {}; let v;\n${steps.join('\n')}\nreturn JSON.stringify(o);`) as (
    data: object,
  ) => string;
}
