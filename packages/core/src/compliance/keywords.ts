/** What a compliance keyword asks for. */
export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

/** The CTIA opt-out words (as Twilio, Telnyx and AWS implement them). */
export const DEFAULT_OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
] as const;
/** Words that undo an opt-out. */
export const DEFAULT_OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
/** Words that ask for help. */
export const DEFAULT_HELP_KEYWORDS = ['HELP', 'INFO'] as const;

/** Keyword lists; `extraOptOut` adds to the default opt-out list (e.g. ARRET, REMOVE). */
export interface KeywordConfig {
  extraOptOut?: readonly string[];
}

/**
 * The keyword an inbound text is, under the single-word rule: the whole text, trimmed, case-insensitive, with
 * trailing punctuation ignored, must be one of the words. "STOP PLEASE" is not an opt-out; "Stop." is.
 */
export function matchKeyword(
  body: string,
  config: KeywordConfig = {},
): { kind: KeywordKind; keyword: string } | undefined {
  const word = body
    .trim()
    .replace(/[.!?,;:]+$/u, '')
    .trim()
    .toUpperCase();
  if (!word || /\s/.test(word)) return undefined;
  if (DEFAULT_OPT_OUT_KEYWORDS.includes(word as never) || config.extraOptOut?.some((k) => k.toUpperCase() === word))
    return { kind: 'opt_out', keyword: word };
  if (DEFAULT_OPT_IN_KEYWORDS.includes(word as never)) return { kind: 'opt_in', keyword: word };
  if (DEFAULT_HELP_KEYWORDS.includes(word as never)) return { kind: 'help', keyword: word };
  return undefined;
}
