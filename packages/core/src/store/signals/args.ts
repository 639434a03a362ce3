import { SmsfleetError } from '../../errors';

const CHANNEL_RE = /^[A-Za-z0-9._:-]{1,100}$/;
/** The longest signal message, in UTF-16 code units (a status event with its metadata fits many times over). */
export const MAX_SIGNAL_LENGTH = 512 * 1024;

/** Validate a signal channel name, naming `channel`. */
export function checkChannel(channel: unknown): string {
  if (typeof channel !== 'string' || !CHANNEL_RE.test(channel))
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'A signal channel is 1-100 chars of [A-Za-z0-9._:-].', {
      issues: [{ field: 'channel', reason: 'must be 1-100 chars of [A-Za-z0-9._:-]' }],
    });
  return channel;
}

/** Validate a signal message, naming `message`. */
export function checkSignal(message: unknown): string {
  if (typeof message !== 'string' || message.length > MAX_SIGNAL_LENGTH)
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'A signal message is a string of at most 512 KiB.', {
      issues: [{ field: 'message', reason: 'must be a string of at most 512 KiB' }],
    });
  return message;
}
