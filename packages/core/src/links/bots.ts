import { isbot } from 'isbot';

/** Why a hit on a short link is not counted as a click. */
export type BotReason = 'head_request' | 'empty_user_agent' | 'link_preview' | 'bot';

/**
 * Link-preview fetchers that open a link when it is shown, not when a person taps it. isbot knows most; they
 * are listed here too so the filter never depends on its list alone (iMessage fetches with
 * `facebookexternalhit/1.1 Facebot Twitterbot/1.0` from the recipient's own IP).
 */
const PREVIEW_FETCHERS = new RegExp(
  [
    'facebookexternalhit|facebot|twitterbot|whatsapp|slackbot|slack-imgproxy|telegrambot|discordbot|linkedinbot',
    'skypeuripreview|googlebot|google-pagerenderer|applebot|bingpreview|viber|snapchat|pinterest|redditbot',
    'embedly|iframely|outlook|microsoftpreview',
  ].join('|'),
  'i',
);

/** A hit on a short link: a person's click, or a bot's with the reason. */
export type HitKind = { kind: 'click' } | { kind: 'bot'; reason: BotReason };

/** Classify one request to a short link. HEAD requests, empty user agents, previewers and bots are never clicks. */
export function classifyHit(req: { method: string; userAgent?: string | undefined }): HitKind {
  if (req.method.toUpperCase() === 'HEAD') return { kind: 'bot', reason: 'head_request' };
  const ua = req.userAgent?.trim() ?? '';
  if (!ua) return { kind: 'bot', reason: 'empty_user_agent' };
  if (PREVIEW_FETCHERS.test(ua)) return { kind: 'bot', reason: 'link_preview' };
  if (isbot(ua)) return { kind: 'bot', reason: 'bot' };
  return { kind: 'click' };
}
