import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Message, MessageStatus, SendRequest, SmsfleetError, StatusEvent, doc } from '@smsfleet/core';
import { AUTHED_ERRORS, PageQuery, errorResponses, pageOf } from './schemas';
import { toSmsfleetError } from '../plugins/error-mapping';
import type { FieldNamer, SendService } from '../send/send-service';

const IdempotencyHeaders = z.object({
  'idempotency-key': doc(
    z.string().min(1).max(200).optional(),
    'Repeat a send safely: the same key returns the first result and texts nobody twice',
    'order-1042-sms',
  ),
});

const BulkSendRequest = z
  .strictObject({
    messages: z
      .array(SendRequest)
      .min(1)
      .max(1000)
      .describe('Messages to send (1-1000); validated as a whole before any is written'),
  })
  .describe('Several messages to send');

/**
 * A message as the API shows it: without the pipeline's bookkeeping (a hand-over's SIM reservation, a requeue's cancel,
 * status events not yet published).
 */
const MessageOut = Message.omit({ reservation: true, cancellingGatewayId: true, pendingEvents: true }).describe(
  'An outbound SMS and its current status',
);

const IdParams = z.strictObject({
  id: doc(z.string().min(1).max(100), 'Message id', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
});

const ListQuery = PageQuery.extend({
  status: doc(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(MessageStatus))
      .optional(),
    'Only these statuses, comma-separated',
    'delivered,failed',
  ),
  to: doc(z.string().optional(), 'Only messages to this E.164 number', '+14155550123'),
  deviceId: doc(z.string().optional(), 'Only messages sent from this device', 'pixel-7'),
  campaign: doc(z.string().optional(), 'Only this campaign', 'black-friday'),
  tag: doc(z.string().optional(), 'Only messages with this tag', 'reminder'),
  reference: doc(z.string().optional(), 'Only messages with this reference', 'order-1042'),
  since: doc(z.iso.datetime({ offset: true }).optional(), 'Created at or after', '2026-11-23T00:00:00Z'),
  until: doc(z.iso.datetime({ offset: true }).optional(), 'Created before', '2026-11-24T00:00:00Z'),
});

const Preview = z
  .object({
    to: doc(z.string(), 'Recipient in E.164', '+14155550123'),
    body: doc(
      z.string(),
      'The text as it would be sent: links shortened, footer added',
      'Your order ships today: https://sms.example.com/l/k3Rb9ZqP2xTm',
    ),
    segments: doc(z.number().int(), 'SMS parts', 1),
    encoding: Message.shape.encoding,
    characters: doc(z.number().int(), 'Characters (code points) in the body', 62),
    ucs2Characters: doc(z.array(z.string()), 'Characters that force UCS-2 (70 per part instead of 160)', ['😀']),
    links: doc(z.number().int(), 'URLs that would become tracked short links', 1),
    optOutFooter: doc(z.boolean(), 'True when the opt-out footer would be added (first text to the contact)', false),
    deferredUntil: doc(z.string().optional(), 'Quiet hours would hold the text until then', '2026-11-24T08:00:00.000Z'),
    warnings: z
      .array(
        z.object({
          code: doc(z.string(), 'SMSFLEET_ERR_OPTED_OUT, UCS2 or QUIET_HOURS', 'UCS2'),
          message: doc(z.string(), 'For people', 'These characters force UCS-2: 😀'),
        }),
      )
      .describe('Things to know before sending'),
  })
  .describe('What a send would look like');

const CSV_COLUMNS = [
  'id',
  'created_at',
  'to',
  'status',
  'failure_code',
  'failure_category',
  'failure_reason',
  'device_id',
  'sim',
  'gateway',
  'segments',
  'encoding',
  'reference',
  'campaign',
  'tags',
  'sent_at',
  'delivered_at',
  'failed_at',
  'clicks',
  'replies',
  'gateway_reason',
] as const;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  // Quote when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV row of a message, in {@link CSV_COLUMNS} order. */
export function messageCsvRow(m: Message): string {
  return [
    m.id,
    m.createdAt,
    m.to,
    m.status,
    m.failure?.code,
    m.failure?.category,
    m.failure?.explanation ?? m.failure?.rawReason,
    m.from?.deviceId,
    m.from?.sim,
    m.gateway,
    m.segments,
    m.encoding,
    m.reference,
    m.campaign,
    m.tags?.join(' '),
    m.sentAt,
    m.deliveredAt,
    m.failedAt,
    m.engagement?.clicks,
    m.engagement?.replies,
    m.failure?.rawReason,
  ]
    .map(csvCell)
    .join(',');
}

const MessageWithEvents = z
  .object({ message: MessageOut, events: z.array(StatusEvent).describe('The timeline, oldest first') })
  .describe('A message and its timeline');

/** Error field names of a send as the request has them, like the schema's own errors: `body.to`, `body.messages.3.to`. */
const oneMessage: FieldNamer = (_i, f) => `body.${f}`;
const bulkMessage: FieldNamer = (i, f) => `body.messages.${i}.${f}`;

/**
 * A send that failed its schema, as one error naming every problem: the schema's, and the recipients' numbers that
 * the schema let through but that are no phone numbers (otherwise the caller would learn of those one round later).
 */
function refusedSend(validation: Error, inputs: unknown, field: FieldNamer, sender: SendService): SmsfleetError {
  const e = toSmsfleetError(validation);
  const list = Array.isArray(inputs) ? inputs : [];
  const more = sender.recipientIssues(list, field, new Set(e.issues.map((i) => i.field)));
  return more.length ? new SmsfleetError(e.code, e.message, { issues: [...e.issues, ...more] }) : e;
}

function notFound(id: string) {
  return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, {
    field: 'params.id',
    reason: 'no message with this id',
  });
}

/** Send one or many messages, read one with its timeline, list with filters, cancel. */
export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['messages'];
  const pipeline = () => app.pipeline;

  app.post(
    '/messages',
    {
      schema: {
        tags,
        summary: 'Send a message',
        description:
          'Validates, stores and queues the message, and answers 202 with it (status `queued` or `scheduled`). Follow it with `GET /v1/messages/{id}` or a `message.status_changed` webhook. With an `Idempotency-Key`, a repeat returns the first message (200) and texts nobody twice.',
        headers: IdempotencyHeaders,
        body: SendRequest,
        response: { 200: MessageOut, 202: MessageOut, ...errorResponses(400, 401, 409, 413, 422, 429) },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError)
        throw refusedSend(request.validationError, [request.body as unknown], oneMessage, pipeline().sender);
      const [r] = await pipeline().sender.send([request.body], {
        now: new Date(app.clock.now()),
        field: oneMessage,
        ...(request.headers['idempotency-key'] ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
      });
      return reply.code(r!.created ? 202 : 200).send(r!.message);
    },
  );

  app.post(
    '/messages/bulk',
    {
      schema: {
        tags,
        summary: 'Send many messages',
        description:
          'Every message is validated before any is written: one bad number rejects the request, naming `body.messages.<i>.to`. With an `Idempotency-Key`, message i uses `<key>:<i>`.',
        headers: IdempotencyHeaders,
        body: BulkSendRequest,
        response: {
          202: z.object({ messages: z.array(MessageOut) }).describe('The accepted messages'),
          ...errorResponses(400, 401, 409, 413, 422, 429),
        },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError)
        throw refusedSend(
          request.validationError,
          (request.body as { messages?: unknown } | null)?.messages,
          bulkMessage,
          pipeline().sender,
        );
      const out = await pipeline().sender.send(request.body.messages, {
        now: new Date(app.clock.now()),
        field: bulkMessage,
        ...(request.headers['idempotency-key'] ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
      });
      return reply.code(202).send({ messages: out.map((o) => o.message) });
    },
  );

  app.post(
    '/messages/preview',
    {
      schema: {
        tags,
        summary: 'Preview a send',
        description:
          'Validates like a send and shows the text as it would go out (links shortened, footer), its segments and encoding, and warnings (opted-out recipient, UCS-2, quiet hours). Sends and stores nothing.',
        body: SendRequest,
        response: { 200: Preview, ...errorResponses(400, 401, 413, 429) },
      },
      attachValidation: true,
    },
    async (request) => {
      if (request.validationError)
        throw refusedSend(request.validationError, [request.body as unknown], oneMessage, pipeline().sender);
      return pipeline().sender.preview(request.body, new Date(app.clock.now()), oneMessage);
    },
  );

  app.get(
    '/messages/export',
    {
      schema: {
        tags,
        summary: 'Export messages as CSV',
        description: `The messages the list would give (same filters), all pages, as CSV with the columns ${CSV_COLUMNS.join(', ')}.`,
        querystring: ListQuery.omit({ cursor: true, limit: true }),
        produces: ['text/csv'],
        response: { 200: doc(z.string(), 'CSV with a header row', `${CSV_COLUMNS.join(',')}\n`), ...AUTHED_ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter = {
        ...(q.status?.length ? { status: q.status } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.deviceId ? { deviceId: q.deviceId } : {}),
        ...(q.campaign ? { campaign: q.campaign } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.reference ? { reference: q.reference } : {}),
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
      };
      const rows: string[] = [CSV_COLUMNS.join(',')];
      let cursor: string | undefined;
      do {
        const page = await app.store.messages.list(filter, { limit: 500, ...(cursor ? { cursor } : {}) });
        for (const m of page.items) rows.push(messageCsvRow(m));
        cursor = page.nextCursor;
      } while (cursor && rows.length <= 100_000);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="messages.csv"')
        .send(`${rows.join('\n')}\n`);
    },
  );

  app.get(
    '/messages/:id',
    {
      schema: {
        tags,
        summary: 'Get a message with its timeline',
        params: IdParams,
        response: { 200: MessageWithEvents, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const m = await app.store.messages.get(request.params.id);
      if (!m) throw notFound(request.params.id);
      return { message: m, events: await app.store.messages.events(m.id) };
    },
  );

  app.get(
    '/messages',
    {
      schema: {
        tags,
        summary: 'List messages',
        description: 'Newest first, with filters and cursor pagination.',
        querystring: ListQuery,
        response: { 200: pageOf(MessageOut), ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return app.store.messages.list(
        {
          ...(q.status?.length ? { status: q.status } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.deviceId ? { deviceId: q.deviceId } : {}),
          ...(q.campaign ? { campaign: q.campaign } : {}),
          ...(q.tag ? { tag: q.tag } : {}),
          ...(q.reference ? { reference: q.reference } : {}),
          ...(q.since ? { since: new Date(q.since) } : {}),
          ...(q.until ? { until: new Date(q.until) } : {}),
        },
        { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
    },
  );

  app.post(
    '/messages/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a message',
        description: 'Only before the phone sent it: otherwise 409 SMSFLEET_ERR_NOT_CANCELLABLE.',
        params: IdParams,
        response: { 200: MessageOut, ...errorResponses(401, 404, 409, 429) },
      },
    },
    async (request) => pipeline().sender.cancel(request.params.id, new Date(app.clock.now())),
  );
};
