import type { FailureCategory } from '../schemas/status';
import type { FailureEntry } from './entry';

const dlr = (code: string, category: FailureCategory, permanent: boolean, explanation: string): FailureEntry => ({
  code,
  source: 'dlr',
  category,
  permanent,
  explanation,
});

/** Delivery-report codes and their permanence, as The SMS Works defines them (seed 003). */
export const DLR_FAILURES: readonly FailureEntry[] = [
  dlr(
    '5001',
    'invalid_number',
    true,
    'The number does not exist or has not been assigned to anyone. Remove it from your list.',
  ),
  dlr(
    '5004',
    'carrier_blocked',
    true,
    'The operator rejected the message (often a spam filter or a blocked sender). ' +
      'Check the content and the sender SIM.',
  ),
  dlr(
    '5006',
    'device_offline',
    true,
    'No response from the handset: it may be switched off or out of signal, and the network gave up.',
  ),
  dlr(
    '5008',
    'carrier_blocked',
    true,
    'The recipient is roaming and their network does not allow this message while roaming.',
  ),
  dlr('5009', 'carrier_blocked', true, 'The operator accepted the message but reported it undelivered.'),
  dlr(
    '5010',
    'carrier_blocked',
    true,
    'The recipient subscribes to a Do Not Disturb service that blocks business traffic.',
  ),
  dlr('5011', 'invalid_number', true, "The recipient's mobile service is suspended by the operator."),
  dlr(
    '5013',
    'device_offline',
    false,
    'The handset is set to Do Not Disturb; it may still arrive if that is turned off within the validity period.',
  ),
  dlr(
    '5015',
    'expired',
    false,
    'The message waited at the operator until its validity period ran out, usually because the phone was off. ' +
      'Try again later.',
  ),
  dlr(
    '5020',
    'rate_limited',
    true,
    'Rejected by anti-flooding: one number may receive about 20 varied or 6 identical messages per hour.',
  ),
  dlr('5034', 'network', true, "The recipient's handset or network reported a system failure."),
];
