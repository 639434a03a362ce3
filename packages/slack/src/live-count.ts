import { HubError, type HubClient, type SendPreview } from '@smsfleet/client';

/** The number the count is made for until a valid one is typed (the length does not depend on it). */
const ANY_NUMBER = '+14155550123';

/** The live count line under the text field, from the hub's preview of the text. */
export function countText(p: Pick<SendPreview, 'characters' | 'segments' | 'encoding' | 'ucs2Characters'>): string {
  const why = p.ucs2Characters.length ? ` (because of ${p.ucs2Characters.join(' ')})` : '';
  return `${p.characters} characters · ${p.segments} part${p.segments === 1 ? '' : 's'} · ${p.encoding}${why}`;
}

/**
 * The count line of `text` as the hub would send it (links shortened, footer added), to `to` when it is a number the
 * hub accepts. The hub counts, so the Slack app needs no copy of the segment rules (nor core, nor Redis with it).
 */
export async function liveCount(hub: HubClient, text: string, to?: string): Promise<string> {
  if (!text) return 'Type a message to see its length.';
  for (const number of to?.trim() ? [to.trim(), ANY_NUMBER] : [ANY_NUMBER]) {
    try {
      return countText(await hub.preview({ to: number, body: text }));
    } catch (e) {
      if (!(e instanceof HubError)) throw e;
      if (e.issues.some((i) => i.field === 'body.body'))
        return 'The text is too long for one message (1600 characters at most).';
      if (!e.issues.some((i) => i.field === 'body.to')) return `Could not count: ${e.hubMessage}`;
    }
  }
  return 'Type a message to see its length.';
}
