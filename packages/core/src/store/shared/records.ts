import { z } from 'zod';
import { SmsfleetError, parseOrThrow, zodIssues, type FieldIssue } from '../../errors';
import {
  Contact,
  Conversation,
  DeliveryAttempt,
  Device,
  InboundSms,
  MAX_PENDING_EVENTS,
  Message,
  StatusEvent,
  Subscription,
  Timestamp,
  doc,
} from '../../schemas';
import type { ApiKeyRecord } from '../port';
import { invalid } from './args';
import { ApiKeyScope } from '../api-keys/scopes';
import { spendVouch } from './vouched';

/** Schema of an {@link ApiKeyRecord} as the store keeps it. */
export const ApiKeyRecordSchema = z
  .object({
    id: doc(z.string().min(1).max(64), 'API key id', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    name: doc(z.string().min(1).max(100), 'Name given at creation', 'n8n production'),
    hash: doc(
      z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
      'hex SHA-256 of the key',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    ),
    createdAt: Timestamp,
    revokedAt: Timestamp.optional(),
    scopes: z.array(ApiKeyScope).min(1).optional().describe('What the key may do; absent: admin (keys before scopes)'),
    expiresAt: Timestamp.optional(),
    lastUsedAt: Timestamp.optional(),
  })
  .describe('A hashed API key');

/**
 * Validate a message and its events; events must name the message. Returns parsed copies (plain copies of records
 * vouched for, see {@link vouchForCreate}).
 */
export function checkMessage(
  message: unknown,
  events: unknown,
  field = 'message',
): { message: Message; events: StatusEvent[] } {
  const m = spendVouch(message) ? cloneJson(message as Message) : parseOrThrow(Message, message, field);
  const ev = checkEvents(m.id, events);
  return { message: m, events: ev };
}

/** Message field -> its position in the schema. */
const FIELD_ORDER = new Map(Object.keys(Message.shape).map((k, i) => [k, i]));

/**
 * A deep copy of a JSON value (plain objects, arrays and primitives), about three times cheaper than unpacking
 * again.
 */
export function cloneJson<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  const o: Record<string, unknown> = {};
  for (const k in v) {
    const c = cloneJson((v as Record<string, unknown>)[k]);
    // JSON may hold an own `__proto__` key (metadata is the caller's); assigning it would set the prototype.
    if (k === '__proto__')
      Object.defineProperty(o, k, { value: c, enumerable: true, writable: true, configurable: true });
    else o[k] = c;
  }
  return o as T;
}

/** True when two JSON values are equal, deeply (an own-property comparison; anything else counts as different). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (
    Array.isArray(b) ||
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

/**
 * Validate an update of a stored message: `next` is what an update function made of `base`, the record as the
 * store holds it (so already valid). Fields equal to `base`'s keep its value; only the others go through their
 * schema. The Message schema has no checks across fields, so this concludes what {@link checkMessage} would,
 * with the same field names in its errors and unknown keys dropped, for a fraction of the cost: a status report
 * changes four or five fields of a message's thirty.
 */
export function checkMessageUpdate(
  base: Message,
  next: unknown,
  events: unknown,
): { message: Message; events: StatusEvent[] } {
  if (typeof next !== 'object' || next === null || Array.isArray(next)) return checkMessage(next, events);
  const n = next as Record<string, unknown>;
  const b = base as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let changed: string[] | undefined;
  // The keys of `next` in one pass (for-in keeps the loads fast), then those of `base` that `next` dropped.
  for (const k in n) {
    if (!FIELD_ORDER.has(k)) continue; // unknown keys are dropped, as the object schema would
    const v = n[k];
    if (v !== undefined && sameJson(v, b[k])) out[k] = b[k];
    else (changed ??= []).push(k);
  }
  for (const k in b) if (n[k] === undefined && FIELD_ORDER.has(k) && !changed?.includes(k)) (changed ??= []).push(k);
  if (changed) {
    let bad: [number, FieldIssue[]][] | undefined;
    for (const k of changed) {
      if (k === 'pendingEvents' && pendingKeptOrBuilt(b[k], n[k])) {
        out[k] = n[k];
        continue;
      }
      const schema = Message.shape[k as keyof typeof Message.shape] as z.ZodType;
      // An object field (engagement) changed in a few parts: only those are parsed; a part that fails, and any
      // other shape, parses the whole field (the same issues as before).
      const part = parseChangedParts(schema, b[k], n[k]);
      if (part !== FAILED) {
        if (part !== undefined) out[k] = part;
        continue;
      }
      const r = schema.safeParse(n[k]);
      if (!r.success) (bad ??= []).push([FIELD_ORDER.get(k)!, zodIssues(r.error, `message.${k}`)]);
      else if (r.data !== undefined) out[k] = r.data;
    }
    if (bad) {
      // in schema order, as checkMessage names them
      const issues = bad.sort((x, y) => x[0] - y[0]).flatMap(([, i]) => i);
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${issues[0]!.field}: ${issues[0]!.reason}`, {
        issues,
      });
    }
  }
  const m = out as Message;
  return { message: m, events: checkEvents(m.id, events) };
}

/**
 * True when `next`, a message's new pending events, holds only events of `base`'s (as the store keeps them: valid) and
 * events the status model built for this change (see `vouchForPendingEvent`), within the schema's bound: a status
 * change appends one, whose parse was most of an update's check. Every mark among them is spent.
 */
function pendingKeptOrBuilt(base: unknown, next: unknown): boolean {
  if (!Array.isArray(next) || next.length > MAX_PENDING_EVENTS) return false;
  const old = Array.isArray(base) ? base : undefined;
  let ok = true;
  for (const e of next) if (!spendVouch(e) && !old?.some((o) => sameJson(o, e))) ok = false;
  return ok;
}

/** What {@link parseChangedParts} answers when it cannot conclude: the caller parses the whole value. */
const FAILED = Symbol('parse the whole value');

/** The zod definition fields {@link parseChangedParts} reads. */
interface Def {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * What `schema` makes of `next`, parsing only the parts that differ from `base` (a value the schema already accepted):
 * within a plain object schema (stripping unknown keys, no checks of its own) or a record without checks, an
 * unchanged entry keeps `base`'s; the changed ones are parsed the same way, down to the leaves. {@link FAILED} when a
 * part fails or the schema is of another kind: only a whole parse then says what is wrong, with zod's own issues.
 * A click changes three counts of one link of a message's engagement; its whole parse was most of an update's cost.
 */
function parseChangedParts(schema: z.ZodType, base: unknown, next: unknown): unknown {
  let def = defOf(schema);
  if (def.type === 'optional' && !def.checks?.length) {
    if (next === undefined) return undefined;
    def = defOf(def.innerType!);
  }
  if (def.checks?.length || !isPlain(base) || !isPlain(next)) return leaf(schema, next);
  if (def.type === 'object' && def.catchall === undefined) {
    const shape = def.shape!;
    const out: Record<string, unknown> = {};
    for (const k in shape) {
      const v = next[k];
      if (v !== undefined && sameJson(v, base[k])) out[k] = base[k];
      else {
        const p = parseChangedParts(shape[k]!, base[k], v);
        if (p === FAILED) return FAILED;
        if (p !== undefined) out[k] = p;
      }
    }
    return out;
  }
  if (def.type === 'record' && defOf(def.keyType!).type === 'string') {
    const out: Record<string, unknown> = {};
    for (const k in next) {
      const v = next[k];
      if (k === '__proto__') return FAILED; // an own key of that name is set only by a whole parse
      if (Object.hasOwn(base, k) && sameJson(v, base[k])) out[k] = base[k];
      else {
        if (!def.keyType!.safeParse(k).success) return FAILED;
        const p = parseChangedParts(def.valueType!, base[k], v);
        if (p === FAILED || p === undefined) return FAILED;
        out[k] = p;
      }
    }
    return out;
  }
  return leaf(schema, next);
}

/** `schema`'s output for `v`, or {@link FAILED}. */
function leaf(schema: z.ZodType, v: unknown): unknown {
  const r = schema.safeParse(v);
  return r.success ? r.data : FAILED;
}

/** Built once: making a zod schema costs more than most parses with it. */
const StatusEvents = z.array(StatusEvent);

/** Validate timeline events for message `id`. */
export function checkEvents(id: string, events: unknown): StatusEvent[] {
  const ev = spendVouch(events)
    ? cloneJson(events as StatusEvent[])
    : parseOrThrow(StatusEvents, events ?? [], 'events');
  ev.forEach((e, i) => {
    if (e.messageId !== id) throw invalid(`events.${i}.messageId`, `must be the message's id ${id}`);
  });
  return ev;
}

/** Parse-or-throw helpers for every other record type, each naming its argument. */
export const check = {
  inbound: (v: unknown): InboundSms => parseOrThrow(InboundSms, v, 'sms'),
  device: (v: unknown): Device => parseOrThrow(Device, v, 'device'),
  contact: (v: unknown): Contact => parseOrThrow(Contact, v, 'contact'),
  conversation: (v: unknown): Conversation => parseOrThrow(Conversation, v, 'conversation'),
  subscription: (v: unknown): Subscription => parseOrThrow(Subscription, v, 'subscription'),
  attempt: (v: unknown): DeliveryAttempt => parseOrThrow(DeliveryAttempt, v, 'attempt'),
  apiKey: (v: unknown): ApiKeyRecord => parseOrThrow(ApiKeyRecordSchema, v, 'key'),
};

/** Epoch ms of an ISO timestamp the schemas already accepted. */
export function toMs(iso: string): number {
  return Date.parse(iso);
}

/** Check that an updated record keeps its identity field. */
export function keepId<T extends Record<string, unknown>>(next: T, field: keyof T & string, expected: unknown): T {
  if (next[field] !== expected) throw invalid(field, `cannot change in an update (was ${String(expected)})`);
  return next;
}
