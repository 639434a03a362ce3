import { isSmsfleetError } from '../errors/smsfleet-error';
import { MESSAGE_STATUSES } from '../schemas/status';
import { GATEWAY_STATUS_MAP, mapGatewayStatus } from './gateway-status';

describe('mapGatewayStatus', () => {
  it.each([
    ['sms-gate', 'Pending', 'pending'],
    ['sms-gate', 'Processed', 'sending'],
    ['sms-gate', 'Sent', 'sent'],
    ['sms-gate', 'Delivered', 'delivered'],
    ['sms-gate', 'Failed', 'failed'],
    ['sms-gate', 'Cancelling', 'pending'],
    ['sms-gate', 'Cancelled', 'cancelled'],
    ['sms-gate', 'sms:delivered', 'delivered'],
    ['sms-gate', 'sms:failed', 'failed'],
    ['httpsms', 'scheduled', 'scheduled'],
    ['httpsms', 'expired', 'expired'],
    ['httpsms', 'message.phone.delivered', 'delivered'],
    ['httpsms', 'message.send.expired', 'expired'],
    ['textbee', 'dispatched', 'sending'],
    ['textbee', 'MESSAGE_FAILED', 'failed'],
    ['textbee', 'UNKNOWN_STATE', 'unknown'],
    ['mysmsgate', 'delivered', 'delivered'],
    ['mysmsgate', 'FAILED', 'failed'],
    ['dlr', 'UNDELIVERABLE', 'undelivered'],
    ['dlr', 'REJECTED', 'rejected'],
    ['dlr', 'read', 'delivered'],
    ['dlr', 'accepted', 'accepted'],
  ] as const)('%s %s -> %s', (gw, raw, expected) => {
    expect(mapGatewayStatus(gw, raw)).toBe(expected);
  });

  it('maps only onto the vocabulary', () => {
    for (const table of Object.values(GATEWAY_STATUS_MAP))
      for (const s of Object.values(table)) expect(MESSAGE_STATUSES).toContain(s);
  });

  it('refuses an unknown raw status with an error naming the field', () => {
    let err: unknown;
    try {
      mapGatewayStatus('textbee', 'teleported', 'webhookEvent');
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    expect((err as { field: string }).field).toBe('webhookEvent');
  });
});
