/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038), basic table, in table order, without ESC (0x1B), which
 * is not a character of its own. One septet each.
 */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/**
 * The extension table reached through ESC: form feed and `^{}\[~]|€`. Two septets each (ESC + char), and
 * the pair never straddles a part boundary.
 */
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

/**
 * Septets each UTF-16 code unit costs in GSM-7: 1 (basic table), 2 (extension table) or 0 (not in GSM-7,
 * so the message must go as UCS-2). Indexed by code unit: one array read per character, no hashing.
 */
export const GSM7_COST: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  for (let i = 0; i < GSM7_BASIC.length; i++) t[GSM7_BASIC.charCodeAt(i)] = 1;
  for (let i = 0; i < GSM7_EXTENSION.length; i++) t[GSM7_EXTENSION.charCodeAt(i)] = 2;
  return t;
})();

/** True when every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (GSM7_COST[text.charCodeAt(i)] === 0) return false;
  return true;
}
