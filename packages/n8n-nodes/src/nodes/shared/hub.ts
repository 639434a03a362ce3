import { createHash } from 'node:crypto';
import { HubClient, HubError, type Transport, withQuery } from '@smsfleet/client';
import {
  NodeApiError,
  type IDataObject,
  type IExecuteFunctions,
  type IHookFunctions,
  type IHttpRequestMethods,
  type ILoadOptionsFunctions,
  type JsonObject,
} from 'n8n-workflow';
import { N8N_SCOPES } from '../../credentials/SmsFleetApi.credentials';

type Ctx = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

/**
 * The hub names a field by its place in the request (`body.to`, `body.body`); an n8n user knows the node's own
 * parameters. `body` (the text) is the `text` parameter here; the rest keep their names (`to`, `deviceId`…).
 */
export function nodeField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'text' : f;
}

/**
 * `@smsfleet/client` over n8n's own HTTP helper: `httpRequestWithAuthentication` adds the `smsfleetApi` credential
 * (the bearer key) and honours n8n's proxy settings; statuses are the client's to judge.
 */
function n8nTransport(ctx: Ctx): Transport {
  return async (r) => {
    const res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'smsfleetApi', {
      method: r.method as IHttpRequestMethods,
      url: r.url,
      headers: r.headers,
      json: true,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      ...(r.body === undefined ? {} : { body: JSON.parse(r.body) as IDataObject }),
    })) as { statusCode: number; headers?: Record<string, unknown>; body: unknown };
    return {
      status: res.statusCode,
      header: (name) => (res.headers?.[name] === undefined ? undefined : String(res.headers[name])),
      body: res.body,
    };
  };
}

/** The hub client of a node, with its `smsfleetApi` credentials. */
export async function hubClient(ctx: Ctx): Promise<HubClient> {
  const creds = await ctx.getCredentials('smsfleetApi');
  return new HubClient({ url: String(creds.baseUrl), transport: n8nTransport(ctx) });
}

/**
 * A hub error as n8n shows it: the hub's stable code and message, and the node parameter it names; for a key lacking
 * a scope, which one and the command that makes a key with every scope the nodes use.
 */
export function nodeError(ctx: Ctx, e: unknown, itemIndex?: number): unknown {
  if (!(e instanceof HubError)) return e;
  const where = e.field ? ` (${nodeField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : '';
  const missing = e.missingScopeHelp(N8N_SCOPES);
  return new NodeApiError(ctx.getNode(), { error: { code: e.code, message: e.hubMessage } } as JsonObject, {
    message: missing ? `${e.code}: ${missing}` : `${e.code}: ${e.hubMessage}${where}`,
    description: e.reason ?? e.hubMessage,
    httpCode: String(e.status),
    ...(itemIndex !== undefined ? { itemIndex } : {}),
  });
}

/**
 * Call the smsfleet hub with the node's credentials. A 4xx/5xx becomes a `NodeApiError` carrying the hub's stable
 * error code and message (and the field it names), for the item `itemIndex`; a 429 is waited out by the client first.
 */
export async function hubRequest(
  ctx: Ctx,
  method: IHttpRequestMethods,
  path: string,
  opts: { body?: IDataObject; qs?: IDataObject; headers?: Record<string, string>; itemIndex?: number } = {},
): Promise<IDataObject> {
  try {
    return await (await hubClient(ctx)).call<IDataObject>(method, withQuery(path, opts.qs), opts.body, opts.headers);
  } catch (e) {
    throw nodeError(ctx, e, opts.itemIndex);
  }
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
