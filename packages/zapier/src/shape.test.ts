import { inboundItem } from './shape';

describe('the SMS Received item', () => {
  const url = 'https://hub/v1/media/med_1?expires=9&sig=x';
  it('shows an MMS attachments as line items, the first URL and all URLs', () => {
    const item = inboundItem({
      inboundId: 'in_1',
      from: '+14155550123',
      body: 'pic',
      media: [
        { url, contentType: 'image/jpeg', size: 10 },
        { url: `${url}2`, contentType: 'image/png', size: 11 },
      ],
    });
    expect(item).toMatchObject({
      id: 'in_1',
      media: [
        { url, contentType: 'image/jpeg', size: 10 },
        { url: `${url}2`, contentType: 'image/png', size: 11 },
      ],
      mediaUrl: url,
      mediaUrls: `${url},${url}2`,
    });
  });
  it('has no media fields for a plain text, or for stored parts without a URL', () => {
    expect(inboundItem({ inboundId: 'in_2', body: 'hi' })).not.toHaveProperty('mediaUrl');
    expect(
      inboundItem({ id: 'in_3', media: [{ id: 'med_1', contentType: 'image/jpeg', size: 1 }] }),
    ).not.toHaveProperty('media');
  });
});
