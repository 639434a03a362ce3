import { classifyFailure } from '../failures/classify';
import type { GatewayKind } from '../schemas/common';
import type { MessageFailure, MessageStatus } from '../schemas/status';
import { mapGatewayStatus } from '../status/gateway-status';

// The adapters' thin entry points into core's status vocabulary (`status/`) and failure catalogue
// (`failures/`): the mapping itself lives there, once.

/**
 * The normalised status for a gateway's raw status (case-insensitive); an unknown value is a typed error naming
 * `status`.
 */
export function mapRawStatus(gateway: GatewayKind, raw: string): MessageStatus {
  return mapGatewayStatus(gateway, raw);
}

/** Classify a gateway's failure code and reason through the failure catalogue. */
export function classifyGatewayFailure(
  gateway: GatewayKind,
  code: string | undefined,
  reason: string | undefined,
): MessageFailure {
  return classifyFailure({
    gateway,
    ...(code !== undefined ? { code } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
}

/**
 * Classify a failure the gateway reports as one string: an Android result name (`RESULT_NETWORK_REJECT`),
 * `"<CODE>: <reason>"` (httpSMS), or free text.
 */
export function failureFromText(gateway: GatewayKind, text: string | undefined): MessageFailure {
  const t = text?.trim() || undefined;
  return classifyFailure({ gateway, ...(t ? { reason: t } : {}) });
}

/** The failure of a message the gateway expired (never sent in time). */
export function expiredFailure(gateway: GatewayKind, text: string | undefined): MessageFailure {
  return { ...failureFromText(gateway, text ?? 'EXPIRED'), category: 'expired', permanent: false };
}
