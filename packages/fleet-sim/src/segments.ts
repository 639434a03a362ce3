import { SegmentedMessage } from 'sms-segments-calculator';

/**
 * The number of parts the phone splits `text` into (GSM-7 160/153, UCS-2 70/67, no smart encoding, as
 * Android does). This is the phone's own `partsCount`, the truth the hub's estimate is checked against.
 */
export function partsCount(text: string): number {
  if (text.length === 0) return 1;
  return new SegmentedMessage(text, 'auto', false).segmentsCount;
}
