import { SmsfleetError } from '../errors/smsfleet-error';
import type { GatewayKind } from '../schemas/common';
import type { MessageFailure } from '../schemas/status';

/**
 * What went wrong talking to a gateway:
 * - `network`: the gateway or phone could not be reached (connection refused, DNS, reset);
 * - `timeout`: no answer within the adapter's timeout;
 * - `auth`: credentials refused (401/403): a configuration problem, retrying will not help;
 * - `rejected`: the gateway refused this message itself (bad number, bad request): permanent;
 * - `device`: the phone is offline, unknown or its queue is full: route around it;
 * - `rate_limited`: the gateway asked us to slow down (429);
 * - `server`: the gateway failed (5xx);
 * - `protocol`: the gateway answered something we cannot read.
 */
export type GatewayProblem =
  | 'network'
  | 'timeout'
  | 'auth'
  | 'rejected'
  | 'device'
  | 'rate_limited'
  | 'server'
  | 'protocol';

/** Options of {@link GatewaySendError}. */
export interface GatewaySendErrorOptions {
  gateway: GatewayKind;
  problem: GatewayProblem;
  /** True when the same request may succeed later (on this or another phone). */
  retryable: boolean;
  /** True when the phone is the problem (unreachable, offline, queue full): the router routes around it. */
  deviceProblem: boolean;
  /** The HTTP status the gateway answered, when it answered. */
  httpStatus?: number;
  /** The classified failure when the gateway rejected the message itself (permanent). */
  failure?: MessageFailure;
  /** The gateway's own error code or message, for logs. */
  gatewayCode?: string;
  cause?: unknown;
}

/**
 * A gateway refused a request or could not be reached. Code `SMSFLEET_ERR_GATEWAY`; the flags tell the
 * router what to do: retry later (`retryable`), try another phone (`deviceProblem`), or record a
 * permanent failure (`failure`).
 */
export class GatewaySendError extends SmsfleetError {
  readonly gateway: GatewayKind;
  readonly problem: GatewayProblem;
  readonly retryable: boolean;
  readonly deviceProblem: boolean;
  readonly httpStatus?: number;
  readonly failure?: MessageFailure;
  readonly gatewayCode?: string;

  constructor(message: string, opts: GatewaySendErrorOptions) {
    super('SMSFLEET_ERR_GATEWAY', message, {
      cause: opts.cause,
      details: {
        gateway: opts.gateway,
        problem: opts.problem,
        retryable: opts.retryable,
        deviceProblem: opts.deviceProblem,
        ...(opts.httpStatus !== undefined ? { httpStatus: opts.httpStatus } : {}),
        ...(opts.gatewayCode !== undefined ? { gatewayCode: opts.gatewayCode } : {}),
        ...(opts.failure ? { failure: opts.failure } : {}),
      },
    });
    this.name = 'GatewaySendError';
    this.gateway = opts.gateway;
    this.problem = opts.problem;
    this.retryable = opts.retryable;
    this.deviceProblem = opts.deviceProblem;
    this.httpStatus = opts.httpStatus;
    this.failure = opts.failure;
    this.gatewayCode = opts.gatewayCode;
  }
}

/** True when `e` is a {@link GatewaySendError}. */
export function isGatewaySendError(e: unknown): e is GatewaySendError {
  return e instanceof GatewaySendError;
}
