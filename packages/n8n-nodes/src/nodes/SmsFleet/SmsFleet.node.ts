import {
  NodeApiError,
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type ILoadOptionsFunctions,
  type INodeExecutionData,
  type INodePropertyOptions,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { hubRequest, idempotencyKey, recipients } from '../shared/hub';
import { PROPERTIES } from './SmsFleet.properties';

const iso = (v: unknown) => (v ? new Date(String(v)).toISOString() : undefined);
const clean = (o: IDataObject): IDataObject =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)),
  );

/** What one item sends: its `body`, or a template and its merge values. */
function content(ctx: IExecuteFunctions, i: number): IDataObject {
  if (ctx.getNodeParameter('content', i, 'text') !== 'template') return { body: ctx.getNodeParameter('text', i) };
  const pairs = (ctx.getNodeParameter('templateVars', i, {}) as { values?: { name: string; value: string }[] }).values;
  const vars = Object.fromEntries((pairs ?? []).filter((p) => p.name.trim()).map((p) => [p.name.trim(), p.value]));
  return { templateId: ctx.getNodeParameter('templateId', i), vars };
}

/** The send body of one recipient from the node's parameters. */
function sendBody(
  to: string,
  text: IDataObject,
  o: IDataObject,
  node: IExecuteFunctions,
  itemIndex: number,
): IDataObject {
  let metadata: IDataObject | undefined;
  if (o.metadata && o.metadata !== '{}') {
    try {
      metadata = (typeof o.metadata === 'string' ? JSON.parse(o.metadata) : o.metadata) as IDataObject;
    } catch {
      throw new NodeOperationError(node.getNode(), 'Metadata must be a JSON object of strings', { itemIndex });
    }
  }
  return clean({
    to,
    ...text,
    deviceId: o.deviceId || undefined,
    sim: o.sim ? Number(o.sim) : undefined,
    priority: o.priority || undefined,
    ttlSeconds: o.ttlSeconds || undefined,
    sendAt: iso(o.sendAt),
    trackLinks: o.trackLinks || undefined,
    optOutFooter: o.optOutFooter || undefined,
    reference: o.reference || undefined,
    campaign: o.campaign || undefined,
    metadata,
    tags: o.tags
      ? String(o.tags)
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined,
  });
}

/** SmsFleet: send and track SMS through your own Android phones, via your smsfleet hub. */
export class SmsFleet implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'SmsFleet',
    name: 'smsFleet',
    icon: { light: 'file:smsfleet.svg', dark: 'file:smsfleet.dark.svg' },
    group: ['output'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Send and track SMS through your own Android phones',
    defaults: { name: 'SmsFleet' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'smsfleetApi', required: true }],
    properties: PROPERTIES,
  };

  methods = {
    loadOptions: {
      async getDevices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        const body = await hubRequest(this, 'GET', '/v1/devices');
        return (body.items as IDataObject[]).map((d) => ({
          name: `${d.name ?? d.id} (${d.health})`,
          value: String(d.id),
        }));
      },
      async getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        const body = await hubRequest(this, 'GET', '/v1/templates');
        return (body.items as IDataObject[]).map((t) => ({
          name: String(t.name),
          value: String(t.id),
          description: String(t.body),
        }));
      },
      async getSims(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        const deviceId = String((this.getCurrentNodeParameter('options') as IDataObject | undefined)?.deviceId ?? '');
        const body = await hubRequest(this, 'GET', '/v1/devices');
        return (body.items as IDataObject[])
          .filter((d) => !deviceId || d.id === deviceId)
          .flatMap((d) =>
            (d.sims as IDataObject[]).map((s) => ({
              name: `${deviceId ? '' : `${d.id} `}SIM ${s.slot}${s.number ? ` (${s.number})` : ''}`,
              value: Number(s.slot),
            })),
          )
          .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
      },
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    const resource = this.getNodeParameter('resource', 0) as string;
    const operation = this.getNodeParameter('operation', 0) as string;
    for (let i = 0; i < items.length; i++) {
      const pairedItem = { item: i };
      try {
        for (const json of await run(this, resource, operation, i)) out.push({ json, pairedItem });
      } catch (error) {
        const e =
          error instanceof NodeApiError || error instanceof NodeOperationError
            ? error
            : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
        if (!this.continueOnFail()) throw e;
        out.push({ json: { error: e.message, ...(e.description ? { description: e.description } : {}) }, pairedItem });
      }
    }
    return [out];
  }
}

async function run(ctx: IExecuteFunctions, resource: string, operation: string, i: number): Promise<IDataObject[]> {
  const enc = encodeURIComponent;
  if (resource === 'message' && operation === 'send') {
    const to = recipients(ctx.getNodeParameter('to', i));
    if (!to.length) throw new NodeOperationError(ctx.getNode(), 'Give at least one recipient', { itemIndex: i });
    const text = content(ctx, i);
    const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
    const sent: IDataObject[] = [];
    for (let r = 0; r < to.length; r++) {
      const key = idempotencyKey(ctx.getExecutionId(), ctx.getNode().name, i, r);
      const body = await hubRequest(ctx, 'POST', '/v1/messages', {
        body: sendBody(to[r]!, text, options, ctx, i),
        headers: { 'idempotency-key': key },
        itemIndex: i,
      });
      sent.push({ ...body, idempotencyKey: key });
    }
    return sent;
  }
  if (resource === 'message' && operation === 'get') {
    const body = await hubRequest(ctx, 'GET', `/v1/messages/${enc(ctx.getNodeParameter('messageId', i) as string)}`, {
      itemIndex: i,
    });
    return [{ ...(body.message as IDataObject), events: body.events }];
  }
  if (resource === 'message' && operation === 'cancel') {
    const body = await hubRequest(
      ctx,
      'POST',
      `/v1/messages/${enc(ctx.getNodeParameter('messageId', i) as string)}/cancel`,
      { itemIndex: i },
    );
    return [body];
  }
  if (resource === 'message' && operation === 'getAll') {
    const returnAll = ctx.getNodeParameter('returnAll', i) as boolean;
    const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', i) as number);
    const f = ctx.getNodeParameter('filters', i, {}) as IDataObject;
    const qs = clean({
      status: (f.status as string[] | undefined)?.join(','),
      to: f.to,
      deviceId: f.deviceId,
      campaign: f.campaign,
      reference: f.reference,
      since: iso(f.since),
      until: iso(f.until),
    });
    const found: IDataObject[] = [];
    let cursor: string | undefined;
    do {
      const body = await hubRequest(ctx, 'GET', '/v1/messages', {
        qs: { ...qs, limit: Math.min(500, limit - found.length), ...(cursor ? { cursor } : {}) },
        itemIndex: i,
      });
      found.push(...(body.items as IDataObject[]));
      cursor = body.nextCursor as string | undefined;
    } while (cursor && found.length < limit);
    return found.slice(0, limit);
  }
  if (resource === 'contact') {
    const phone = enc((ctx.getNodeParameter('phone', i) as string).trim());
    if (operation === 'get') return [await hubRequest(ctx, 'GET', `/v1/contacts/${phone}`, { itemIndex: i })];
    if (operation === 'optOut')
      return [await hubRequest(ctx, 'POST', `/v1/contacts/${phone}/opt-out`, { body: {}, itemIndex: i })];
    if (operation === 'optIn') return [await hubRequest(ctx, 'POST', `/v1/contacts/${phone}/opt-in`, { itemIndex: i })];
  }
  if (resource === 'metrics' && operation === 'get') {
    const f = ctx.getNodeParameter('metricFilters', i, {}) as IDataObject;
    return [
      await hubRequest(ctx, 'GET', '/v1/metrics', {
        qs: clean({
          since: iso(f.since),
          until: iso(f.until),
          campaign: f.campaign,
          tag: f.tag,
          deviceId: f.deviceId,
        }),
        itemIndex: i,
      }),
    ];
  }
  throw new NodeOperationError(ctx.getNode(), `Unsupported operation ${resource}.${operation}`, { itemIndex: i });
}
