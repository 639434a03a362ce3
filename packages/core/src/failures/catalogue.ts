import { ANDROID_FAILURES } from './android-results';
import { DLR_FAILURES } from './dlr-codes';
import type { FailureEntry } from './entry';
import { SMSFLEET_FAILURES } from './own-reasons';

export type { FailureEntry } from './entry';

/**
 * The catalogue. Delivery-report codes and their permanence are The SMS Works' (seed 003); Android results
 * are SmsManager's `RESULT_*` send results; smsfleet's own reasons cover what the hub decides itself.
 */
export const FAILURE_CATALOGUE: readonly FailureEntry[] = Object.freeze([
  ...DLR_FAILURES,
  ...ANDROID_FAILURES,
  ...SMSFLEET_FAILURES,
]);

const BY_CODE = new Map<string, FailureEntry>();
for (const e of FAILURE_CATALOGUE) {
  BY_CODE.set(e.code, e);
  if (e.androidResult !== undefined) BY_CODE.set(`android:${e.androidResult}`, e);
}

/** The entry for a catalogue code (`5001`, `RESULT_ERROR_NO_SERVICE`, `SMSFLEET_OPTED_OUT`), if any. */
export function failureByCode(code: string): FailureEntry | undefined {
  return BY_CODE.get(code.trim().toUpperCase()) ?? BY_CODE.get(code.trim());
}

/** The entry for an Android SmsManager result number, if any. */
export function failureByAndroidResult(n: number): FailureEntry | undefined {
  return BY_CODE.get(`android:${n}`);
}
