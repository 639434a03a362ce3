import { HubError, type HubIssue } from '@smsfleet/client';
import { SLACK_SCOPES } from './hub-check';

/** The hub's field path (`body.to`, `body.body`) as the Slack user knows it: the number (`to`) and the `text`. */
export function slackField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'text' : f;
}

/** What a Slack user sees when the hub refuses a send: its reason, naming the field. */
export function hubProblem(e: unknown): string {
  const missing = e instanceof HubError ? e.missingScopeHelp(SLACK_SCOPES) : undefined;
  if (missing) return missing;
  if (e instanceof HubError)
    return `${e.hubMessage}${e.field ? ` (${slackField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : ''} [${e.code}]`;
  return (e as Error).message ?? String(e);
}

/** The Slack error code of a failed Web API call (`channel_not_found`, `ratelimited`…). */
export function slackError(e: unknown): string {
  const err = e as { data?: { error?: string }; code?: string; message?: string };
  return err.data?.error ?? err.code ?? err.message ?? String(e);
}

/** Why a send failed, for a log line or a message to the user. */
export function whyNotSent(e: unknown): string {
  return e instanceof HubError ? hubProblem(e) : `Slack refused: ${slackError(e)}`;
}

/** The block of the Send SMS modal a hub field belongs to. */
export function modalBlock(issue: HubIssue): string {
  const f = slackField(issue.field);
  if (f === 'text' || f === 'to') return f;
  if (f.startsWith('deviceId')) return 'device';
  if (f.startsWith('sim')) return 'sim';
  if (f.startsWith('sendAt')) return 'when';
  if (f.startsWith('templateId')) return 'template';
  if (f.startsWith('vars')) return 'vars';
  return 'to';
}
