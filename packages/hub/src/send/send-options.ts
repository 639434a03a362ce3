import type { CountryCode, Message, QuietHours, Store } from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';

/** Options of the send service, from the hub config. */
export interface SendOptions {
  defaultRegion?: CountryCode;
  refuseNonMobile: boolean;
  retentionDays: number;
  /** Most segments one message may have (longer texts are refused with SMSFLEET_ERR_MESSAGE_TOO_LONG). */
  maxSegments: number;
  /** Base of short links, without a trailing slash. */
  shortUrl: string;
  /** The opt-out footer, and whether sends get it on a first text unless they say otherwise. */
  footer: string;
  footerByDefault: boolean;
  /** Absent: no quiet hours. */
  quietHours?: QuietHours;
  /**
   * The tracking deadline of a new message: the tracker first looks at it this long after it is due (default 10 min),
   * and a message whose send job went missing is re-enqueued then (see tracker.ts).
   */
  trackAfterMs?: number;
}

/** A compliance answer (opt-out confirmation, HELP): bypasses suppression, footer, quiet hours and link tracking. */
export interface ComplianceSend {
  deviceId: string;
  sim?: number;
}

/** What a send would look like, without sending (`POST /v1/messages/preview`). */
export interface SendPreview {
  to: string;
  body: string;
  segments: number;
  encoding: Message['encoding'];
  characters: number;
  ucs2Characters: string[];
  links: number;
  optOutFooter: boolean;
  deferredUntil?: string;
  warnings: { code: string; message: string }[];
}

/** What the send service needs. */
export interface SendServiceDeps {
  store: Pick<Store, 'messages' | 'queue' | 'devices' | 'contacts' | 'links' | 'rollups' | 'templates'>;
  fleet: FleetRegistry;
  publisher: EventPublisher;
  options: SendOptions;
  /** Called after jobs were enqueued (the local dispatcher wakes up). */
  onEnqueued?: () => void;
}

/** How a request names field `field` of its message `index` (for error messages). */
export type FieldNamer = (index: number, field: string) => string;

/** One accepted message and whether this call created it (false: an idempotent repeat). */
export interface SendOutcome {
  message: Message;
  created: boolean;
  /** A repeat that finished what the first attempt left half-done (its send job, links, …). */
  repaired?: boolean;
}
