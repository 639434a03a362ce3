import type { InboundSms, Message } from '../../schemas';
import type { MessageFilter } from '../port';
import { requireDate } from './args';

/** Filter on inbound texts, as `InboundRepo.list` takes it. */
export interface InboundFilter {
  from?: string;
  deviceId?: string;
  since?: Date;
  until?: Date;
}

/** Inclusive score bounds on a time index. */
export interface ScoreRange {
  min: number;
  max: number;
}

/** The index range for `since` (inclusive) and `until` (exclusive), checked. */
export function timeRange(f: { since?: Date; until?: Date }): ScoreRange {
  return {
    min: f.since === undefined ? -Infinity : requireDate(f.since, 'since'),
    max: f.until === undefined ? Infinity : requireDate(f.until, 'until') - 1,
  };
}

/** True when `m` passes every filter that is not about time (time is the index's job). */
export function matchMessage(f: MessageFilter, m: Message): boolean {
  return (
    (f.status === undefined || f.status.includes(m.status)) &&
    (f.to === undefined || m.to === f.to) &&
    (f.deviceId === undefined || m.from?.deviceId === f.deviceId) &&
    (f.sim === undefined || m.from?.sim === f.sim) &&
    (f.campaign === undefined || m.campaign === f.campaign) &&
    (f.tag === undefined || (m.tags ?? []).includes(f.tag)) &&
    (f.reference === undefined || m.reference === f.reference) &&
    (f.gateway === undefined || m.gateway === f.gateway)
  );
}

/** True when the filter has anything besides time bounds. */
export function hasMessageFilter(f: MessageFilter): boolean {
  return (
    f.status !== undefined ||
    f.to !== undefined ||
    f.deviceId !== undefined ||
    f.sim !== undefined ||
    f.campaign !== undefined ||
    f.tag !== undefined ||
    f.reference !== undefined ||
    f.gateway !== undefined
  );
}

/** True when `s` passes the non-time filters. */
export function matchInbound(f: InboundFilter, s: InboundSms): boolean {
  return (f.from === undefined || s.from === f.from) && (f.deviceId === undefined || s.deviceId === f.deviceId);
}
