import { SmsfleetError } from '../../errors';
import { MAX_CAS_RETRIES } from '../shared/constants';

/** A conflict that outlived every retry: reported as a store failure, never as silent loss. */
export function casExhausted(what: string): SmsfleetError {
  return new SmsfleetError(
    'SMSFLEET_ERR_STORE',
    `Gave up updating ${what} after ${MAX_CAS_RETRIES} concurrent conflicts.`,
  );
}
