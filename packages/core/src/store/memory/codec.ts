import { EventSource, GatewayKind, InboundSms, Message, MESSAGE_STATUSES, StatusEvent } from '../../schemas';
import { canonicalIsoMs } from '../../iso-time';

/**
 * Compact JSON for records held in memory: what keeps a tracked message (record, 3-event timeline,
 * indexes, gateway link) well under 1 KB of heap. A record becomes a JSON array
 * `[presence bitmask, ...values of present fields in schema order]`, where
 * - timestamps that round-trip exactly become epoch-ms numbers,
 * - enum strings (status, gateway, source, encoding) become their index,
 * - fields implied by context (a message's `id`, which is its map key; an event's `messageId`) are left out,
 * - a message's and its events' timestamps count from the time in the message id (see idTime), an event id drops
 *   its `evt_` and a sender is `[deviceId, sim]`,
 * - keys the schema does not know travel in one trailing object.
 * Every value keeps its JSON type, so decoding is exact. Roughly half the size of plain JSON.
 */
interface Layout {
  keys: string[];
  known: Set<string>;
  /** Per key (by position): a timestamp. */
  time: boolean[];
  /** Per key: its enum values, for enum keys. */
  values: (readonly string[] | undefined)[];
  /** Per key: enum value -> index, for enum keys. */
  index: (Map<string, number> | undefined)[];
  /** The prefix every id of this record kind carries (`evt_`), left out of the packed `id`. */
  idPrefix?: string;
}

const STATUS = MESSAGE_STATUSES;
const GATEWAYS = GatewayKind.options;
function layout(keys: string[], times: string[], enums: [string, readonly string[]][], idPrefix?: string): Layout {
  if (keys.length > 53) throw new Error('a record layout holds at most 53 fields (its presence mask is a double)');
  const byKey = new Map(enums);
  return {
    keys,
    known: new Set(keys),
    time: keys.map((k) => times.includes(k)),
    values: keys.map((k) => byKey.get(k)),
    index: keys.map((k) => {
      const v = byKey.get(k);
      return v && new Map(v.map((x, i) => [x, i]));
    }),
    ...(idPrefix ? { idPrefix } : {}),
  };
}

const MESSAGE = layout(
  Object.keys(Message.shape),
  ['sendAt', 'expiresAt', 'createdAt', 'updatedAt', 'sentAt', 'deliveredAt', 'failedAt', 'retainUntil'],
  [
    ['status', STATUS],
    ['gateway', GATEWAYS],
    ['encoding', ['GSM-7', 'UCS-2']],
  ],
);
const EVENT = layout(
  Object.keys(StatusEvent.shape),
  ['at'],
  [
    ['status', STATUS],
    ['gateway', GATEWAYS],
    ['source', EventSource.options],
  ],
  'evt_',
);
const INBOUND = layout(Object.keys(InboundSms.shape), ['receivedAt', 'retainUntil'], [['gateway', GATEWAYS]]);

/**
 * Timestamps repeat a lot (a message's createdAt and retainUntil on every read and write), and formatting a Date is
 * the dearest step here: both directions are memoised in a small table that is simply dropped when full.
 */
const toMs = new Map<string, number | null>();
const toIso = new Map<number, string>();
const MEMO_MAX = 8192;

function packTime(v: string): string | number {
  let ms = toMs.get(v);
  if (ms === undefined) {
    ms = canonicalIsoMs(v) ?? null;
    if (toMs.size >= MEMO_MAX) toMs.clear();
    toMs.set(v, ms);
  }
  return ms ?? v;
}

function unpackTime(ms: number): string {
  let iso = toIso.get(ms);
  if (iso === undefined) {
    iso = new Date(ms).toISOString();
    if (toIso.size >= MEMO_MAX) toIso.clear();
    toIso.set(ms, iso);
  }
  return iso;
}

/** 2 ** i, looked up: masks pass 31 bits, so no shifts, and a power with a variable exponent is a slow call. */
const BIT = Array.from({ length: 53 }, (_, i) => 2 ** i);

const CROCKFORD = new Map([...'0123456789abcdefghjkmnpqrstvwxyz'].map((c, i) => [c.charCodeAt(0), i]));

/**
 * The time in an id made by `newId` (`<prefix>_` + 10 base32 chars of ms), or 0 for any other id. Timestamps of a
 * message and its events are packed as their distance from it: `0` or `2150` rather than 13 digits.
 */
function idTime(id: string | undefined): number {
  const u = id === undefined ? -1 : id.indexOf('_');
  if (u < 0 || id!.length < u + 11) return 0;
  let ms = 0;
  for (let i = u + 1; i <= u + 10; i++) {
    const d = CROCKFORD.get(id!.charCodeAt(i));
    if (d === undefined) return 0;
    ms = ms * 32 + d;
  }
  return ms;
}

/** A sender as `[deviceId, sim]` when that is all it holds (most do), else unchanged. */
function packSender(v: unknown): unknown {
  const s = v as { deviceId?: unknown; sim?: unknown; number?: unknown };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  if (typeof s.deviceId !== 'string' || typeof s.sim !== 'number' || Object.keys(s).length !== 2) return v;
  return [s.deviceId, s.sim];
}

function pack(obj: Record<string, unknown>, l: Layout, implied: [string, unknown] | undefined, base: number): string {
  const out: unknown[] = [0];
  let mask = 0;
  for (let i = 0; i < l.keys.length; i++) {
    const k = l.keys[i]!;
    let v = obj[k];
    if (v === undefined || (implied && k === implied[0] && v === implied[1])) continue;
    if (k === 'from') v = packSender(v);
    else if (k === 'id' && l.idPrefix && typeof v === 'string')
      v = v.startsWith(l.idPrefix) ? v.slice(l.idPrefix.length) : [v];
    if (typeof v === 'string') {
      if (l.time[i]) {
        v = packTime(v);
        if (typeof v === 'number') v -= base;
      } else {
        const idx = l.index[i]?.get(v);
        if (idx !== undefined) v = idx;
      }
    }
    mask += BIT[i]!;
    out.push(v);
  }
  out[0] = mask;
  let extra: Record<string, unknown> | undefined;
  for (const k in obj) {
    if (!l.known.has(k) && obj[k] !== undefined) (extra ??= {})[k] = obj[k];
  }
  if (extra) out.push(extra);
  return JSON.stringify(out);
}

function unpack<T>(json: string, l: Layout, implied: [string, unknown] | undefined, base: number): T {
  const arr = JSON.parse(json) as unknown[];
  let mask = arr[0] as number;
  const obj: Record<string, unknown> = {};
  if (implied) obj[implied[0]] = implied[1];
  let j = 1;
  for (let i = 0; mask > 0; i++, mask = Math.floor(mask / 2)) {
    if (mask % 2 === 0) continue;
    let v = arr[j++];
    const k = l.keys[i]!;
    if (typeof v === 'number') {
      if (l.time[i]) v = unpackTime(v + base);
      else if (l.values[i]) v = l.values[i]![v];
    } else if (Array.isArray(v)) {
      if (k === 'from') v = { deviceId: v[0], sim: v[1] };
      else if (k === 'id' && l.idPrefix) v = v[0];
    } else if (k === 'id' && l.idPrefix && typeof v === 'string') v = l.idPrefix + v;
    obj[k] = v;
  }
  if (j < arr.length) Object.assign(obj, arr[j]);
  return obj as T;
}

/** Pack a message (its id is the map key and is left out). */
export const packMessage = (m: Message): string => pack(m, MESSAGE, ['id', m.id], idTime(m.id));
/** Unpack the message stored under `id`. */
export const unpackMessage = (s: string, id: string): Message => unpack<Message>(s, MESSAGE, ['id', id], idTime(id));
/** Pack an event of message `messageId`. */
export const packEvent = (e: StatusEvent, messageId: string): string =>
  pack(e, EVENT, ['messageId', messageId], idTime(messageId));
/** Unpack an event of message `messageId`. */
export const unpackEvent = (s: string, messageId: string): StatusEvent =>
  unpack<StatusEvent>(s, EVENT, ['messageId', messageId], idTime(messageId));
/** Pack an inbound text. */
export const packInbound = (s: InboundSms): string => pack(s, INBOUND, undefined, 0);
/** Unpack an inbound text. */
export const unpackInbound = (s: string): InboundSms => unpack<InboundSms>(s, INBOUND, undefined, 0);
/** Pack a gateway name (its index when it is a known gateway). */
export const packGateway = (g: string): string | number => {
  const i = GATEWAYS.indexOf(g as never);
  return i >= 0 ? i : g;
};
/** Unpack a gateway name. */
export const unpackGateway = (g: string | number): string => (typeof g === 'number' ? GATEWAYS[g]! : g);
