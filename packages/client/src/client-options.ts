import type { Transport } from './transport';

/** Options of `HubClient`. */
export interface HubClientOptions {
  /** The hub's base URL (`https://sms.example.com`); a trailing slash is ignored. */
  url: string;
  /** An API key (`sf_live_…`), sent as a bearer token. Leave out when the transport authenticates itself. */
  apiKey?: string;
  /** How requests are made. Default: `fetch`. */
  transport?: Transport;
  /** How to wait out a rate limit (tests pass one that moves a manual clock). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Rate-limit waits allowed for one call before its 429 is thrown. Default 3; 0 throws every 429 at once. */
  maxRateLimitWaits?: number;
  /** The longest single wait; a 429 asking for longer is thrown at once. Default 60 s (the hub's window). */
  maxWaitMs?: number;
}

/** An answer of the hub: HTTP status and parsed JSON body. */
export interface HubAnswer<T> {
  status: number;
  body: T;
}
