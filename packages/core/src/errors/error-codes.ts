/**
 * The stable catalogue of smsfleet error codes. Codes never change meaning once published; clients
 * (n8n, Zapier, Slack, scripts) match on `code`, never on message text. `docs/errors.md` in the repo root
 * holds the same table, and a test keeps the two equal.
 */
export const ERROR_CODES = {
  SMSFLEET_ERR_VALIDATION: {
    status: 400,
    summary: 'A field is missing or invalid; `field` names it and `reason` says why.',
  },
  SMSFLEET_ERR_INVALID_JSON: { status: 400, summary: 'The request body is not valid JSON.' },
  SMSFLEET_ERR_INVALID_PHONE: {
    status: 400,
    summary:
      'A phone number could not be read as a valid E.164 number; `reason` says why ' +
      '(too short, wrong country, not a number).',
  },
  SMSFLEET_ERR_NOT_MOBILE: {
    status: 400,
    summary: 'The number is not a mobile number and the hub is set to refuse non-mobile numbers.',
  },
  SMSFLEET_ERR_BODY_TOO_LARGE: { status: 413, summary: 'The request body is larger than the hub accepts.' },
  SMSFLEET_ERR_MESSAGE_TOO_LONG: {
    status: 400,
    summary: 'The text needs more segments than the hub allows for one message.',
  },
  SMSFLEET_ERR_UNAUTHORIZED: { status: 401, summary: 'The API key is missing, unknown, expired or revoked.' },
  SMSFLEET_ERR_FORBIDDEN: {
    status: 403,
    summary: 'The API key is valid but lacks the scope the route needs; `details.scope` names it.',
  },
  SMSFLEET_ERR_SIGNATURE_INVALID: {
    status: 401,
    summary: 'A webhook signature did not verify, or its timestamp is outside the allowed window (replay).',
  },
  SMSFLEET_ERR_NOT_FOUND: { status: 404, summary: 'No such resource (message, device, subscription, contact).' },
  SMSFLEET_ERR_UNKNOWN_DEVICE: {
    status: 400,
    summary: 'The device or SIM named in the request does not exist in the fleet.',
  },
  SMSFLEET_ERR_IDEMPOTENCY_CONFLICT: {
    status: 409,
    summary: 'The Idempotency-Key was already used with a different request body.',
  },
  SMSFLEET_ERR_NOT_CANCELLABLE: {
    status: 409,
    summary: 'The message has already left the phone (or reached a final status) and can no longer be cancelled.',
  },
  SMSFLEET_ERR_MESSAGE_HANDED_OVER: {
    status: 409,
    summary: 'The message has been handed over to a gateway (or is past that) and can no longer be edited.',
  },
  SMSFLEET_ERR_MEDIA_URL_INVALID: {
    status: 403,
    summary: 'The media URL is forged, altered or expired: its signature does not verify for this time.',
  },
  SMSFLEET_ERR_OPTED_OUT: {
    status: 422,
    summary: 'The recipient has opted out (replied STOP); the hub refuses to text them until they opt back in.',
  },
  SMSFLEET_ERR_LINK_EXPIRED: { status: 410, summary: 'The short link has expired and has no fallback URL.' },
  SMSFLEET_ERR_RATE_LIMITED: {
    status: 429,
    summary: 'Too many requests for this API key; retry after the `Retry-After` header.',
  },
  SMSFLEET_ERR_GATEWAY: { status: 502, summary: 'A gateway answered with an error or could not be reached.' },
  SMSFLEET_ERR_STORE: { status: 503, summary: 'The state store (Redis) failed or timed out.' },
  SMSFLEET_ERR_CONFIG: {
    status: 500,
    summary: 'The hub configuration is invalid; every problem is listed in `issues`.',
  },
  SMSFLEET_ERR_INTERNAL: {
    status: 500,
    summary: 'An unexpected error. The log carries the details under the request id.',
  },
  SMSFLEET_ERR_BAD_REQUEST: {
    status: 400,
    summary:
      'The request is not well-formed HTTP (request line, header or framing); ' +
      'the hub answers and closes the connection.',
  },
  SMSFLEET_ERR_BAD_URL: {
    status: 400,
    summary:
      'The URL is not validly percent-encoded, or its path holds a NUL byte or another character no resource name has.',
  },
  SMSFLEET_ERR_URL_TOO_LONG: {
    status: 414,
    summary: 'The URL, or one segment of its path, is longer than the hub accepts.',
  },
  SMSFLEET_ERR_HEADERS_TOO_LARGE: {
    status: 431,
    summary: 'The request line and headers together are larger than the hub accepts.',
  },
  SMSFLEET_ERR_REQUEST_TIMEOUT: {
    status: 408,
    summary: 'The client did not send the whole request in time; the hub answers and closes the connection.',
  },
  SMSFLEET_ERR_PRECONDITION_FAILED: {
    status: 412,
    summary: 'A conditional header (`If-Match`, `If-Unmodified-Since`) of a static-file request did not hold.',
  },
  SMSFLEET_ERR_RANGE_NOT_SATISFIABLE: {
    status: 416,
    summary: 'The `Range` header of a static-file request asks for bytes the file does not have.',
  },
  SMSFLEET_ERR_SUBSCRIPTION_DISABLED: {
    status: 409,
    summary: 'The webhook subscription is disabled (it failed too long); re-enable it before replaying deliveries.',
  },
  SMSFLEET_ERR_ALREADY_EXISTS: {
    status: 409,
    summary: 'A device or connection with this id already exists; `field` names the id (change it with PATCH).',
  },
  SMSFLEET_ERR_DEVICE_BUSY: {
    status: 409,
    summary:
      'The device has messages handed over and not yet reported; disable its SIMs, wait for the reports, ' +
      'then remove it.',
  },
  SMSFLEET_ERR_CONNECTION_IN_USE: {
    status: 409,
    summary: 'The connection still reaches devices; remove them (or move them to another connection) first.',
  },
  SMSFLEET_ERR_TEMPLATE_FIELD_MISSING: {
    status: 422,
    summary:
      "A template's merge field has no value (request vars, CSV column or contact field); " +
      'each issue names the row and field.',
  },
} as const satisfies Record<string, { status: number; summary: string }>;

/** A stable `SMSFLEET_ERR_*` code. */
export type ErrorCode = keyof typeof ERROR_CODES;
