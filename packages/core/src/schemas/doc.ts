import type { z } from 'zod';

/**
 * Attach a description and an example to a schema, the way every field in smsfleet is documented.
 * Both end up in the generated OpenAPI document.
 */
export function doc<S extends z.ZodType>(schema: S, description: string, example: unknown): S {
  return schema.describe(description).meta({ examples: [example] }) as S;
}
