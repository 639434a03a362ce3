// Small helpers the gateway contract cases share.
import type { GatewayReport } from '../schemas/events';

export type StatusReport = Extract<GatewayReport, { kind: 'status' }>;
export const about =
  (id: string) =>
  (r: GatewayReport): r is StatusReport =>
    r.kind === 'status' && r.gatewayMessageId === id;

/** What a rejected promise was rejected with. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** What a throwing call threw. */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
