import { z } from 'zod';
import { doc } from './doc';
import { Campaign, E164, Metadata, Reference, Tags, Timestamp } from './common';

/** UTM parameters added to a tracked link's destination. */
export const Utm = z
  .object({
    source: doc(z.string().min(1).max(100).optional(), 'utm_source', 'sms'),
    medium: doc(z.string().min(1).max(100).optional(), 'utm_medium', 'smsfleet'),
    campaign: doc(
      z.string().min(1).max(100).optional(),
      'utm_campaign (defaults to the message campaign when UTM is on)',
      'black-friday',
    ),
    content: doc(z.string().min(1).max(100).optional(), 'utm_content', 'reminder-1'),
    term: doc(z.string().min(1).max(100).optional(), 'utm_term', 'boots'),
  })
  .describe('UTM parameters appended to every tracked destination of the message');
export type Utm = z.infer<typeof Utm>;

/** How the links of one message are tracked. */
export const LinkOptions = z
  .strictObject({
    expiresAt: Timestamp.optional().describe(
      'After this time the short links redirect to the fallback URL (or answer 410)',
    ),
    fallbackUrl: doc(
      z.url({ protocol: /^https?$/ }).optional(),
      'Where expired links go',
      'https://shop.example.com/expired',
    ),
    utm: Utm.optional(),
  })
  .describe('Options for the trackable short links of a message');
export type LinkOptions = z.infer<typeof LinkOptions>;

/** A trackable short link: one per URL, recipient and message. */
export const ShortLink = z
  .object({
    code: doc(
      z.string().regex(/^[0-9A-Za-z]{12,32}$/),
      'Unguessable code in the short URL (at least 60 bits)',
      'k3Rb9ZqP2xTm',
    ),
    id: doc(z.string(), 'Link id', 'lnk_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    messageId: doc(z.string(), 'The message the link was sent in', 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    to: E164.describe('The recipient the link was made for'),
    url: doc(
      z.url({ protocol: /^https?$/ }),
      'Destination (with UTM parameters when asked for)',
      'https://shop.example.com/orders/A-1042?utm_source=sms',
    ),
    originalUrl: doc(z.string().max(2048), 'The URL as written in the text', 'https://shop.example.com/orders/A-1042'),
    reference: Reference.optional(),
    metadata: Metadata.optional(),
    campaign: Campaign.optional(),
    tags: Tags.optional(),
    createdAt: Timestamp,
    expiresAt: Timestamp.optional().describe('After this time the link redirects to `fallbackUrl` or answers 410'),
    fallbackUrl: doc(
      z.url({ protocol: /^https?$/ }).optional(),
      'Where the link goes after it expired',
      'https://shop.example.com/expired',
    ),
    retainUntil: Timestamp.describe('The link (and its click log) is deleted after this time'),
  })
  .describe('A trackable short link');
export type ShortLink = z.infer<typeof ShortLink>;

/** Click counts of one short link. */
export const LinkStats = z
  .object({
    total: doc(z.number().int().min(0), 'Clicks by people (bots excluded)', 3),
    unique: doc(z.number().int().min(0), 'Distinct visitors (anonymised IP + user agent) among the clicks', 2),
    bots: doc(z.number().int().min(0), 'Hits by bots and link-preview fetchers, never counted as clicks', 1),
  })
  .describe('Click counts of a short link');
export type LinkStats = z.infer<typeof LinkStats>;

/** How many credited inbound ids a message keeps: more than any gateway retries in its window. */
export const MAX_CREDITED_INBOUND = 50;

/** What happened after a message arrived: clicks, replies, opt-outs. Kept on the message for metrics. */
export const Engagement = z
  .object({
    links: doc(z.number().int().min(0), 'Tracked links in the message', 1),
    clicks: doc(z.number().int().min(0), 'Clicks on its links by people', 2),
    uniqueClicks: doc(z.number().int().min(0), 'Distinct visitors over its links', 1),
    botHits: doc(z.number().int().min(0), 'Hits on its links by bots and link previewers (not clicks)', 1),
    replies: doc(z.number().int().min(0), 'Inbound texts credited to it', 1),
    firstClickAt: Timestamp.optional().describe('First counted click'),
    firstReplyAt: Timestamp.optional().describe('First credited reply'),
    optedOut: doc(z.boolean().optional(), 'True when the recipient opted out in reply to it', true),
    creditedInboundIds: doc(
      z.array(z.string()).max(MAX_CREDITED_INBOUND).optional(),
      "The latest inbound texts credited to it (so a gateway's retried webhook is credited once)",
      ['in_01jd3k2m4n5p6q7r8s9t0v1w2x'],
    ),
    linkCounts: doc(
      z.record(z.string().min(1).max(64), LinkStats).optional(),
      'Counts of each of its short links, by code, as last recorded (the click counts above are their sums)',
      { k3Rb9ZqP2xTm: { total: 2, unique: 1, bots: 1 } },
    ),
  })
  .describe('Engagement with a message');
export type Engagement = z.infer<typeof Engagement>;

/** A small key/value claim kept in the store (first writer wins), for front-ends: e.g. a Slack thread per contact. */
export const Binding = z
  .object({
    namespace: doc(
      z.string().regex(/^[A-Za-z0-9._:+-]{1,200}$/),
      'Namespace, e.g. the app and channel',
      'slack-thread:T1:C1',
    ),
    key: doc(z.string().regex(/^[A-Za-z0-9._:+-]{1,200}$/), 'Key inside the namespace', '+14155550123'),
    value: doc(z.string().min(1).max(2000), 'Bound value', '1732440000.000100'),
  })
  .describe('A key bound to a value');
export type Binding = z.infer<typeof Binding>;
