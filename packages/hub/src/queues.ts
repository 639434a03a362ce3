/**
 * Every job queue the hub uses, named in one place: the send pipeline's (send jobs, tracking deadlines, reports for
 * an unknown gateway id, pickup checks, the parked reports' backstop) and the webhook deliveries'.
 */
export const QUEUES = {
  send: 'send',
  track: 'track',
  orphans: 'orphan-reports',
  pickup: 'pickup-check',
  parkedIndex: 'parked-reports',
  webhooks: 'webhooks',
} as const;

/**
 * The queue of the status reports parked for one gateway id (one per id, see tracking/parked-reports.ts). Drained by
 * direct claims, not by a worker loop: the `:` in its name (core's UNANNOUNCED_QUEUE_MARK) keeps its writes from being
 * announced to the loops.
 */
export function parkedQueue(gateway: string, gatewayMessageId: string): string {
  return `parked:${gateway}:${gatewayMessageId}`;
}
