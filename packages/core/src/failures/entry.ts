import type { FailureCategory } from '../schemas/status';

/** One entry of the failure catalogue. */
export interface FailureEntry {
  /**
   * Catalogue code: an SMS Works DLR code (`5001`), an Android result name (`RESULT_ERROR_LIMIT_EXCEEDED`) or an
   * smsfleet reason (`SMSFLEET_OPTED_OUT`).
   */
  code: string;
  /** Where the code comes from. */
  source: 'dlr' | 'android' | 'smsfleet';
  /** Android's numeric result, for `android` entries. */
  androidResult?: number;
  category: FailureCategory;
  /** True when retrying can never help. */
  permanent: boolean;
  /** What happened and what to do, for a person. */
  explanation: string;
}
