import { z } from 'zod';
import { doc } from './doc';
import { E164, GatewayKind, SimSlot, Timestamp } from './common';

/** A carrier's cap on distinct recipients per SIM per local calendar day or month. */
export const UniqueRecipientCap = doc(
  z.object({
    limit: doc(z.number().int().min(1).max(1_000_000), 'Most distinct recipients this SIM may text per period', 200),
    period: doc(z.enum(['day', 'month']), "The period, in the device's local calendar (its timeZone)", 'month'),
  }),
  'Carrier cap on distinct recipients per period: the router keeps texting known contacts from this SIM and ' +
    'spreads new contacts over SIMs so that no SIM passes it',
  { limit: 200, period: 'month' },
);
export type UniqueRecipientCap = z.infer<typeof UniqueRecipientCap>;

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name. */
export const TimeZone = doc(
  z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/London'),
  "IANA time zone of the phone: its SIMs' daily and monthly caps roll over at its local midnight (default UTC)",
  'Europe/London',
);

/** A SIM in a phone, with its sending budget. */
export const Sim = z
  .object({
    slot: SimSlot,
    number: E164.optional().describe("The SIM's phone number, when known"),
    carrier: doc(z.string().max(100).optional(), 'Carrier name', 'Vodafone UK'),
    segmentsPerMinute: doc(
      z.number().int().min(1).max(1000).default(30),
      'Segments the phone lets an app send per 60 s on this SIM (Android default 30)',
      30,
    ),
    segmentsPerHour: doc(
      z.number().int().min(1).optional(),
      'Carrier budget per hour, when the carrier imposes one',
      200,
    ),
    enabled: doc(z.boolean().default(true), 'Whether the router may use this SIM', true),
    segmentsPerDay: doc(
      z.number().int().min(1).max(10_000_000).optional(),
      "Carrier budget per calendar day, counted in the device's local day (its timeZone)",
      500,
    ),
    segmentsPerMonth: doc(
      z.number().int().min(1).max(100_000_000).optional(),
      "Carrier budget per calendar month, counted in the device's local month (its timeZone)",
      10_000,
    ),
    uniqueRecipients: UniqueRecipientCap.optional(),
  })
  .describe('A SIM card in a phone');
export type Sim = z.infer<typeof Sim>;

/** Device health as the hub sees it. */
export const DeviceHealth = doc(
  z.enum(['online', 'dozing', 'offline']),
  'online: answering; dozing: slow to answer; offline: not answering, routed around',
  'online',
);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/** A change of a device between offline and online, kept on the device until its event is published. */
export const HealthChange = z
  .object({
    eventId: doc(
      z.string(),
      'Id of the device.offline / device.online event it becomes',
      'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
    ),
    health: DeviceHealth,
    previousHealth: DeviceHealth,
    at: Timestamp.describe('When the hub saw the change'),
    reason: doc(z.string().max(200), 'What showed it', 'no heartbeat for 30 min'),
  })
  .describe('A transition between offline and online, waiting for its event to be published');
export type HealthChange = z.infer<typeof HealthChange>;

/** What the gateways tell of a phone besides sending (battery, network, heartbeats), all optional. */
const DeviceVitalsFields = {
  lastHeartbeatAt: Timestamp.optional().describe(
    "Last heartbeat from the phone or its gateway (system:ping, textbee's device status)",
  ),
  batteryLevel: doc(
    z.number().int().min(0).max(100).optional(),
    'Battery level in percent, when the gateway reports it',
    94,
  ),
  charging: doc(z.boolean().optional(), 'Whether the phone is charging, when the gateway reports it', false),
  connectivity: doc(
    z.enum(['none', 'wifi', 'cellular', 'ethernet', 'unknown']).optional(),
    'How the phone reaches the internet, when the gateway reports it',
    'wifi',
  ),
  cellular: doc(z.enum(['2g', '3g', '4g', '5g', 'unknown']).optional(), 'Cellular network type, when reported', '4g'),
  phoneFailedLastHour: doc(
    z.number().int().min(0).optional(),
    "Messages the phone itself counts as failed over its last hour (sms-gate's messages:failed)",
    0,
  ),
  healthChangedAt: Timestamp.optional().describe('When the device last went offline or came back online'),
  healthChanges: z
    .array(HealthChange)
    .max(20)
    .optional()
    .describe('Transitions whose device.offline / device.online events are not published yet (hub internal)'),
  healthChangesClaimedUntil: Timestamp.optional().describe(
    'A hub is publishing the pending transitions until then (hub internal: one publisher across hubs)',
  ),
};

/** A phone running a gateway app. */
export const Device = z
  .object({
    id: doc(z.string().min(1).max(64), 'smsfleet device id', 'pixel-7'),
    name: doc(z.string().min(1).max(100), 'Display name', 'Pixel 7 (front desk)'),
    gateway: GatewayKind,
    gatewayDeviceId: doc(z.string().optional(), "The gateway's own device id", 'yWz3k2'),
    connectionId: doc(
      z.string().optional(),
      'Id of the gateway connection that reaches this phone (absent: not driven by this hub)',
      'sms-gate-cloud',
    ),
    sims: z.array(Sim).min(1).max(2).describe("The phone's SIMs"),
    health: DeviceHealth,
    lastSeenAt: Timestamp.optional().describe('Last time the phone or its gateway answered'),
    timeZone: TimeZone.optional(),
    consecutiveFailures: doc(z.number().int().min(0).default(0), 'Sends that failed in a row for device reasons', 0),
    ...DeviceVitalsFields,
  })
  .describe('A phone in the fleet');
export type Device = z.infer<typeof Device>;
