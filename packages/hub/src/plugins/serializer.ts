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
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(route.method, route.url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
