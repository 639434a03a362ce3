import { newId } from '../../ids';
import type { Contact, DeliveryAttempt, Device, InboundSms, Message, StatusEvent, Subscription } from '../../schemas';
import type { Page, PageArgs, Store } from '../port';

/** Options the contract asks the factory to build a store with. */
export interface StoreContractOptions {
  /** Delivery log cap to configure (kept small so the cap test is fast). */
  deliveryLogCap: number;
}

/**
 * Runs `step` inside the next queue claim, at the point where a concurrent write is most harmful (the Redis store:
 * after its partition scripts, before its due board settles), to force a race rather than hope for it.
 */
export type DuringNextClaim = (step: () => Promise<void>) => void;

/**
 * Builds a fresh, empty store for one test and knows how to clean it up; `duringNextClaim` where the store's claim has
 * steps a write can fall between (a store without it runs the step after the claim).
 */
export type StoreFactory = (
  opts: StoreContractOptions,
) => Promise<{ store: Store; cleanup(): Promise<void>; duringNextClaim?: DuringNextClaim }>;

/** What every section of the contract receives. */
export interface ContractContext {
  /** The store of the running test. */
  readonly store: Store;
  /** The options the store was built with. */
  readonly options: StoreContractOptions;
  /** See {@link StoreFactory}: undefined when the store's claim is one step. */
  readonly duringNextClaim: DuringNextClaim | undefined;
}

/** A whole second, a little in the past, so that ids and timestamps line up and retention stays ahead of real time. */
export const T0 = Math.floor(Date.now() / 1000) * 1000 - 3600_000;
/** ISO time `ms` after {@link T0}. */
export const iso = (ms = 0): string => new Date(T0 + ms).toISOString();

/** A valid queued message created `ms` after T0. */
export function message(ms = 0, over: Partial<Message> = {}): Message {
  const createdAt = iso(ms);
  return {
    id: newId('msg', new Date(T0 + ms)),
    to: '+14155550123',
    body: 'Your order A-1042 ships today.',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'queued',
    attempts: 0,
    createdAt,
    updatedAt: createdAt,
    version: 0,
    ...over,
  };
}

/** A status event of `m`. */
export function event(
  m: Pick<Message, 'id'>,
  status: StatusEvent['status'],
  ms = 0,
  over: Partial<StatusEvent> = {},
): StatusEvent {
  return { id: newId('evt', new Date(T0 + ms)), messageId: m.id, status, at: iso(ms), source: 'api', ...over };
}

/** An inbound text received `ms` after T0. */
export function inbound(ms = 0, over: Partial<InboundSms> = {}): InboundSms {
  return {
    id: newId('in', new Date(T0 + ms)),
    from: '+14155550199',
    deviceId: 'dev_a',
    body: 'Yes, see you at 10',
    receivedAt: iso(ms),
    gateway: 'sms-gate',
    ...over,
  };
}

/** A one-SIM device. */
export function device(id: string, over: Partial<Device> = {}): Device {
  return {
    id,
    name: `Phone ${id}`,
    gateway: 'sms-gate',
    health: 'online',
    consecutiveFailures: 0,
    sims: [{ slot: 1, segmentsPerMinute: 30, enabled: true }],
    ...over,
  };
}

/** A contact. */
export function contact(phone: string, over: Partial<Contact> = {}): Contact {
  return { phone, optedOut: false, ...over };
}

/** A webhook subscription. */
export function subscription(id: string, over: Partial<Subscription> = {}): Subscription {
  return {
    id,
    url: 'https://example.com/hooks/sms',
    events: ['message.status_changed'],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    createdAt: iso(),
    failing: false,
    consecutiveFailures: 0,
    ...over,
  };
}

/** A delivery attempt `ms` after T0. */
export function attempt(subscriptionId: string, ms: number, over: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return {
    id: newId('dlv', new Date(T0 + ms)),
    subscriptionId,
    eventId: newId('evt'),
    eventType: 'message.status_changed',
    attempt: 1,
    at: iso(ms),
    ok: true,
    statusCode: 200,
    durationMs: 12,
    deadLettered: false,
    ...over,
  };
}

/** Every item of every page, following cursors; also checks that no page exceeds the limit. */
export async function allPages<T>(
  read: (page: PageArgs) => Promise<Page<T>>,
  limit = 7,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read({ cursor, limit });
    if (page.items.length > limit) throw new Error(`page of ${page.items.length} items exceeds limit ${limit}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (++pages > 10_000) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

/** Newest first by createdAt, then id descending: the order message lists must have. */
export function newestFirst(a: Message, b: Message): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ code?: string; field?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; field?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
