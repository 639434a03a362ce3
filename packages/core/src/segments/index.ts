/** Encoding and SMS part counting (GSM-7 / UCS-2), and Twilio-style smart encoding. */
export { analyzeText, SEGMENT_LIMITS } from './analyze-text';
export type { AnalyzeTextOptions, TextAnalysis } from './analyze-text';
export { smartEncode, SMART_REPLACEMENTS } from './smart-encoding';
export type { SmartReplacement } from './smart-encoding';
export { GSM7_BASIC, GSM7_EXTENSION, isGsm7 } from './gsm7';
