import { z } from 'zod';
import { withQuery } from '@smsfleet/client';
import { Campaign, GatewayKind, Message, Sender, SimSlot, Timestamp } from '@smsfleet/core';
import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/** The metrics tool's input: the hub's metrics filters, built from core's field schemas. */
export const GetMetricsInput = z
  .strictObject({
    since: Timestamp.optional().describe('Messages created at or after (default: 24 h before until)'),
    until: Timestamp.optional().describe('Messages created before (default: now)'),
    campaign: Campaign.optional(),
    tag: Message.shape.tags.unwrap().element.optional().describe('Only messages with this tag'),
    deviceId: Sender.shape.deviceId.optional(),
    sim: SimSlot.optional(),
    gateway: GatewayKind.optional(),
  })
  .describe('The range and filters of the metrics; each filter narrows them');

/** The figures the summary line reads. */
interface Metrics {
  messages: number;
  delivered: number;
  failed: number;
  deliveryRate: number | null;
}

/** `get_metrics`: delivery, failures, clicks, replies, opt-outs and cost over a range. */
export function registerGetMetrics(ctx: ToolContext): void {
  ctx.server.registerTool(
    'get_metrics',
    {
      title: 'Get delivery metrics',
      description:
        'Delivery and engagement of the messages created in a range (default: the last 24 h, at most 400 ' +
        'days): sent, delivered, failed by category and code, delivery rate, time to deliver, clicks, replies, ' +
        'opt-outs, segments and cost. Filter by campaign, tag, device, SIM or gateway.',
      inputSchema: GetMetricsInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (filters) =>
      guarded(ctx, undefined, async () => {
        const m = await ctx.hub.call<Metrics & Record<string, unknown>>('GET', withQuery('/v1/metrics', filters));
        const rate = m.deliveryRate === null ? 'n/a' : `${Math.round(m.deliveryRate * 1000) / 10}%`;
        return toolAnswer(
          `${m.messages} message(s): ${m.delivered} delivered, ${m.failed} failed, delivery rate ${rate}.`,
          { ...m },
        );
      }),
  );
}
