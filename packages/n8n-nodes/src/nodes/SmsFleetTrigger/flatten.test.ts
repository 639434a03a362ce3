import { flatten } from './SmsFleetTrigger.node';

describe('SmsFleet Trigger items', () => {
  it('keep an MMS media and list its signed URLs', () => {
    const media = [{ url: 'https://hub/v1/media/med_1?expires=9&sig=x', contentType: 'image/jpeg', size: 10 }];
    const item = flatten({ id: 'evt_1', type: 'sms.received', data: { inboundId: 'in_1', body: 'pic', media } });
    expect(item).toMatchObject({ event: 'sms.received', inboundId: 'in_1', media, mediaUrls: [media[0]!.url] });
    expect(flatten({ type: 'sms.received', data: { body: 'hi' } })).not.toHaveProperty('mediaUrls');
  });
});
