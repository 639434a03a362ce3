import { createHash } from 'node:crypto';
import {
  NodeApiError,
  type IDataObject,
  type IExecuteFunctions,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type IHttpRequestMethods,
  type JsonObject,
} from 'n8n-workflow';

type Ctx = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

/** An error answer of the hub: `{ error: { code, message, field?, reason? } }`. */
interface HubError {
  code?: string;
  message?: string;
  field?: string;
  reason?: string;
}

/**
 * The hub names a field by its place in the request (`body.to`, `body.body`); an n8n user knows the node's own
 * parameters. `body` (the text) is the `text` parameter here; the rest keep their names (`to`, `deviceId`, `sendAt`…).
 */
export function nodeField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'text' : f;
}

/**
 * Call the smsfleet hub with the node's `smsfleetApi` credentials. A 4xx/5xx becomes a `NodeApiError` carrying the
 * hub's stable error code and message (and the field it names), for the item `itemIndex`.
 */
export async function hubRequest(
  ctx: Ctx,
  method: IHttpRequestMethods,
  path: string,
  opts: {
    body?: IDataObject;
    qs?: IDataObject;
    headers?: Record<string, string>;
    itemIndex?: number;
    allow404?: boolean;
  } = {},
): Promise<{ statusCode: number; body: IDataObject }> {
  const creds = await ctx.getCredentials('smsfleetApi');
  const baseURL = String(creds.baseUrl).replace(/\/+$/, '');
  const res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'smsfleetApi', {
    method,
    url: `${baseURL}${path}`,
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    ...(opts.body ? { body: opts.body } : {}),
    ...(opts.qs ? { qs: opts.qs } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  })) as { statusCode: number; body: IDataObject };
  if (res.statusCode >= 400 && !(opts.allow404 && res.statusCode === 404)) {
    const e = ((res.body ?? {}) as { error?: HubError }).error ?? {};
    const where = e.field ? ` (${nodeField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : '';
    throw new NodeApiError(ctx.getNode(), (res.body ?? {}) as JsonObject, {
      message: `${e.code ?? `HTTP ${res.statusCode}`}: ${e.message ?? 'the smsfleet hub refused the request'}${where}`,
      description: e.reason ?? e.message,
      httpCode: String(res.statusCode),
      ...(opts.itemIndex !== undefined ? { itemIndex: opts.itemIndex } : {}),
    });
  }
  return res;
}

/**
 * The idempotency key of one send: derived from the execution, the node and the item (and the recipient), so the
 * engine's retry-on-fail, which re-runs the whole node, sends the same keys again and the hub texts nobody twice.
 */
export function idempotencyKey(
  executionId: string,
  nodeName: string,
  itemIndex: number,
  recipientIndex: number,
): string {
  return `n8n-${createHash('sha256')
    .update(JSON.stringify([executionId, nodeName, itemIndex, recipientIndex]))
    .digest('hex')
    .slice(0, 40)}`;
}

/** Split a recipients field: commas, semicolons, new lines; blanks dropped. */
export function recipients(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,;\n]/);
  return list.map((s) => s.trim()).filter(Boolean);
}
