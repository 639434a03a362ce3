import type { ICredentialDataDecryptedObject, ICredentialType, INodeCredentialTestResult } from 'n8n-workflow';

/** `={{ … }}` of a credential field, evaluated with `$credentials` as n8n's expression would (test support only). */
function resolve(value: string, credentials: ICredentialDataDecryptedObject): string {
  if (!value.startsWith('=')) return value;
  return value
    .slice(1)
    .replace(/\{\{(.+?)\}\}/g, (_, expr: string) =>
      String(new Function('$credentials', `return (${expr});`)(credentials)),
    );
}

/** `a.b.c` of an object, as lodash's `get` that n8n uses for a rule's `key`. */
function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

/**
 * A declarative credential test as n8n's credentials tester runs it (the n8n server is not a dependency here): the
 * credential's `test.request` with its `authenticate` headers, a non-2xx answer an error with its status text, then
 * the first `responseSuccessBody` rule whose `key` holds `value` gives the error message; else OK.
 */
export async function runCredentialTest(
  type: ICredentialType,
  credentials: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
  const req = type.test!.request;
  const auth = type.authenticate as { properties: { headers?: Record<string, string> } };
  const headers = Object.fromEntries(
    Object.entries(auth.properties.headers ?? {}).map(([k, v]) => [k, resolve(v, credentials)]),
  );
  const res = await fetch(`${resolve(String(req.baseURL), credentials)}${req.url}`, { headers });
  if (!res.ok) return { status: 'Error', message: res.statusText || `Received HTTP status code: ${res.status}` };
  const body = (await res.json()) as unknown;
  for (const rule of type.test!.rules ?? [])
    if (rule.type === 'responseSuccessBody' && at(body, rule.properties.key) === rule.properties.value)
      return { status: 'Error', message: rule.properties.message };
  return { status: 'OK', message: 'Connection successful!' };
}
