// What the latency bench's processes agree on: the secrets and message numbering. Kept apart so that the load
// generator's process does not load the hub.

/** The textbee webhook signing secret the hub checks and the load generator signs with. */
export const SECRET = 'bench-secret';
/** The subscription's Standard Webhooks secret, which the subscriber checks every delivery against. */
export const SUB_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Message `n`'s gateway id (the report names it) and reference (its status_changed event carries it back). */
export const smsId = (n: number) => `sms-${n}`;
