import { type Account, type HubClient, HubError } from '@smsfleet/client';

/** The API key scopes the Slack app uses: send (texts, thread bindings), read (phones, metrics), webhooks (events). */
export const SLACK_SCOPES = ['send', 'read', 'webhooks'] as const;

/**
 * The connection check at start: the hub answers for the key, and the key has every scope the app uses. A refusal
 * says why, naming a missing scope and the command that makes a key with all of them, so the app never starts half
 * able to work.
 */
export async function checkHubKey(hub: HubClient): Promise<Account> {
  try {
    return await hub.account(SLACK_SCOPES);
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    throw new Error(`the smsfleet hub refused SMSFLEET_API_KEY: ${e.missingScopeHelp(SLACK_SCOPES) ?? e.message}`);
  }
}
