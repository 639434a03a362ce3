import type { MessageStatus } from '@smsfleet/core';
import type { CampaignItem, HubMessageView } from './judge';

interface ApiMessage {
  id: string;
  reference?: string;
  status: MessageStatus;
  failure?: { code?: string; explanation?: string };
}

const view = (m: ApiMessage): HubMessageView => ({
  id: m.id,
  status: m.status,
  ...(m.reference !== undefined ? { reference: m.reference } : {}),
  ...(m.failure ? { reason: [m.failure.code, m.failure.explanation].filter(Boolean).join(': ') } : {}),
});

async function getJson<T>(url: string, apiKey: string): Promise<{ status: number; body: T | undefined }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, body: res.ok ? (JSON.parse(text) as T) : undefined };
}

/**
 * Every hub message of the campaign, read through the first hub that answers: the campaign's list (all pages),
 * plus each message id the client was answered that the list lacks (a message missing from the index is still
 * judged). Throws when no hub answers.
 */
export async function readHubMessages(
  hubs: string[],
  apiKey: string,
  campaign: string,
  items: CampaignItem[],
): Promise<HubMessageView[]> {
  let lastError: unknown;
  for (const hub of hubs) {
    try {
      const found = new Map<string, HubMessageView>();
      let cursor: string | undefined;
      for (let page = 0; page < 1_000; page++) {
        const q = new URLSearchParams({ campaign, limit: '500', ...(cursor ? { cursor } : {}) });
        const r = await getJson<{ items: ApiMessage[]; nextCursor?: string }>(`${hub}/v1/messages?${q}`, apiKey);
        if (!r.body) throw new Error(`list answered ${r.status}`);
        for (const m of r.body.items) found.set(m.id, view(m));
        cursor = r.body.nextCursor;
        if (!cursor) break;
      }
      const missing = [...new Set(items.flatMap((i) => i.answeredIds))].filter((id) => !found.has(id));
      for (let i = 0; i < missing.length; i += 16) {
        await Promise.all(
          missing.slice(i, i + 16).map(async (id) => {
            const r = await getJson<{ message: ApiMessage }>(`${hub}/v1/messages/${encodeURIComponent(id)}`, apiKey);
            if (r.body) found.set(id, view(r.body.message));
            else if (r.status !== 404) throw new Error(`GET ${id} answered ${r.status}`);
          }),
        );
      }
      return [...found.values()];
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(
    `chaos: no hub answered the message list (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  );
}
