import {
  NodeConnectionTypes,
  type IDataObject,
  type IHookFunctions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { verifyWebhook } from '@smsfleet/client';
import { hubClient, hubRequest, nodeError } from '../shared/hub';
import { STATUS_OPTIONS } from '../SmsFleet/SmsFleet.properties';

const EVENTS: Record<string, string> = {
  statusChanged: 'message.status_changed',
  smsReceived: 'sms.received',
  linkClicked: 'link.clicked',
  optedOut: 'contact.opted_out',
  deviceOffline: 'device.offline',
  deviceOnline: 'device.online',
};

type Obj = IDataObject;
const clean = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The event as one flat item, friendly to expressions (`{{$json.status}}`, `{{$json.reference}}`). */
export function flatten(evt: { id?: string; type?: string; timestamp?: string; data?: Obj }): Obj {
  const d = evt.data ?? {};
  const failure = (d.failure ?? {}) as Obj;
  const reply = (d.inReplyTo ?? {}) as Obj;
  return clean({
    event: evt.type,
    eventId: evt.id,
    timestamp: evt.timestamp,
    ...d,
    failure: undefined,
    inReplyTo: undefined,
    failureCode: failure.code,
    failureCategory: failure.category,
    failureReason: failure.explanation ?? failure.rawReason,
    failureGatewayReason: failure.rawReason,
    failurePermanent: failure.permanent,
    inReplyToMessageId: reply.messageId,
    inReplyToReference: reply.reference,
    inReplyToCampaign: reply.campaign,
    // An MMS: `media` (url, contentType, size) as the hub sent it, and the signed URLs alone for an HTTP Request node.
    mediaUrls: Array.isArray(d.media) ? (d.media as Obj[]).map((m) => m.url) : undefined,
  });
}

/** SmsFleet Trigger: starts a workflow on hub events, through a signed webhook subscription it manages. */
export class SmsFleetTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'SmsFleet Trigger',
    name: 'smsFleetTrigger',
    icon: { light: 'file:smsfleet.svg', dark: 'file:smsfleet.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    description:
      'Starts the workflow when a text changes status, an SMS arrives, a link is clicked, a contact opts out or a ' +
      'phone goes offline or comes back',
    defaults: { name: 'SmsFleet Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'smsfleetApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        default: 'statusChanged',
        required: true,
        options: [
          { name: 'Contact Opted Out', value: 'optedOut', description: 'A contact texted STOP or was opted out' },
          {
            name: 'Device Back Online',
            value: 'deviceOnline',
            description: 'A phone that was offline gave a sign of life again',
          },
          {
            name: 'Device Went Offline',
            value: 'deviceOffline',
            description: 'A phone stopped its heartbeat or failed: texts go to the other phones',
          },
          { name: 'Link Clicked', value: 'linkClicked', description: 'A person opened a tracked link (bots excluded)' },
          {
            name: 'Message Status Changed',
            value: 'statusChanged',
            description: 'A text was delivered, failed, expired…',
          },
          { name: 'SMS Received', value: 'smsReceived', description: 'One of your phones received a text' },
        ],
      },
      {
        displayName: 'Statuses',
        name: 'statuses',
        type: 'multiOptions',
        options: STATUS_OPTIONS,
        default: [],
        description: 'Only these statuses (empty: every change)',
        displayOptions: { show: { event: ['statusChanged'] } },
      },
      {
        displayName: 'Keyword',
        name: 'keyword',
        type: 'string',
        default: '',
        placeholder: 'YES',
        description:
          'Only texts whose first word is one of these (case-insensitive; several separated by commas). ' +
          'The hub filters.',
        displayOptions: { show: { event: ['smsReceived'] } },
      },
      {
        displayName: 'From',
        name: 'from',
        type: 'string',
        default: '',
        placeholder: '+14155550123',
        description: 'Only texts from these numbers (several separated by commas). The hub filters.',
        displayOptions: { show: { event: ['smsReceived'] } },
      },
    ],
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node');
        if (!data.subscriptionId) return false;
        let sub: { url?: string } | undefined;
        try {
          sub = await (await hubClient(this)).subscription(String(data.subscriptionId));
        } catch (e) {
          throw nodeError(this, e);
        }
        if (!sub || sub.url !== this.getNodeWebhookUrl('default')) {
          delete data.subscriptionId;
          delete data.secret;
          return false;
        }
        return true;
      },
      async create(this: IHookFunctions): Promise<boolean> {
        const event = EVENTS[this.getNodeParameter('event') as string]!;
        const statuses = event === 'message.status_changed' ? (this.getNodeParameter('statuses', []) as string[]) : [];
        const inbound = event === 'sms.received';
        // The hub filters inbound texts by sender and keyword: the workflow only runs for what it asked for.
        const list = (name: string) =>
          inbound
            ? String(this.getNodeParameter(name, ''))
                .split(/[,;\n]/)
                .map((x) => x.trim())
                .filter(Boolean)
            : [];
        const from = list('from');
        const keywords = list('keyword');
        const body = await hubRequest(this, 'POST', '/v1/webhooks', {
          body: {
            url: this.getNodeWebhookUrl('default'),
            events: [event],
            ...(statuses.length ? { statuses } : {}),
            ...(from.length ? { from } : {}),
            ...(keywords.length ? { keywords } : {}),
            description: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id}`,
          },
        });
        const data = this.getWorkflowStaticData('node');
        data.subscriptionId = body.id;
        data.secret = body.secret;
        return true;
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node');
        if (data.subscriptionId) {
          try {
            await (await hubClient(this)).unsubscribe(String(data.subscriptionId)); // already gone is fine
          } catch (e) {
            throw nodeError(this, e);
          }
          delete data.subscriptionId;
          delete data.secret;
        }
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject();
    const res = this.getResponseObject();
    const secret = this.getWorkflowStaticData('node').secret as string | undefined;
    // The bytes as sent: a re-serialised body would not be what the hub signed, so without them nothing verifies.
    const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
    const verdict = verifyWebhook({ secret, headers: req.headers, rawBody: raw, now: Date.now() });
    if (!verdict.ok) {
      res.status(401).send('invalid or expired signature');
      return { noWebhookResponse: true };
    }
    const evt = verdict.event;
    const wanted = EVENTS[this.getNodeParameter('event') as string];
    if (evt.type !== wanted) return { webhookResponse: 'ignored' }; // e.g. a webhook.test event: acknowledged, no run
    const item = flatten(evt as unknown as { id?: string; type?: string; timestamp?: string; data?: Obj });
    return { workflowData: [this.helpers.returnJsonArray([item])] };
  }
}
