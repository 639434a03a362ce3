import { invalid } from '../shared/args';

/** A job payload as JSON, or a validation error naming `payload` when it cannot be stored as JSON. */
export function encodePayload(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (e) {
    throw invalid('payload', `must be JSON-serialisable (${(e as Error).message})`);
  }
  if (json === undefined) throw invalid('payload', 'must be JSON-serialisable (got undefined or a function)');
  return json;
}
