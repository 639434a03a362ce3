import { HubError } from '@smsfleet/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A tool's answer: one line for people (and the model) first, then the hub's JSON. The JSON also goes in
 * `structuredContent`, so a client that reads structured results needs no parsing.
 */
export function toolAnswer(summary: string, data: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: `${summary}\n\n${JSON.stringify(data, null, 2)}` }],
    structuredContent: data,
  };
}

/** A refusal or failure the model should read and act on (`isError: true`), in one text. */
export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * The scope a 403 names: the hub's (`details.scope`, when the client passes it on as `scope` or `details`), else the
 * one the tool needs.
 */
function missingScope(e: HubError, toolScope: string | undefined): string | undefined {
  const carried = e as HubError & { scope?: unknown; details?: { scope?: unknown } };
  const fromHub = carried.scope ?? carried.details?.scope;
  return typeof fromHub === 'string' ? fromHub : toolScope;
}

/**
 * The tool error for anything a tool call threw. A {@link HubError} keeps its stable code and every field the hub
 * names; a 403 says which scope the API key lacks (the hub answers `SMSFLEET_ERR_FORBIDDEN` with `details.scope`,
 * and a tool knows the scope it needs when the client does not pass the details on); a 401 points at
 * `SMSFLEET_API_KEY`; anything else (the hub unreachable) says so with the hub's URL.
 */
export function errorResult(err: unknown, ctx: { scope?: string; hubUrl: string }): CallToolResult {
  if (err instanceof HubError) {
    if (err.status === 403) {
      const scope = missingScope(err, ctx.scope);
      const what = scope ? `the \`${scope}\` scope` : 'the scope this tool needs';
      return toolError(
        `${err.code}: the smsfleet API key lacks ${what}, so the hub refused (${err.hubMessage}). ` +
          `Ask the hub's admin for a key with ${what} and set it as SMSFLEET_API_KEY.`,
      );
    }
    if (err.status === 401)
      return toolError(`${err.code}: the hub refused the API key (${err.hubMessage}). Check SMSFLEET_API_KEY.`);
    const problems = err.issues.map((i) => `${i.field}: ${i.reason}`);
    const wait = err.retryAfterSeconds === undefined ? '' : ` Retry after ${err.retryAfterSeconds} s.`;
    return toolError(`${err.message}${problems.length ? ` (${problems.join('; ')})` : ''}${wait}`);
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  const why = err instanceof Error ? `${err.message}${cause}` : String(err);
  return toolError(`Could not reach the smsfleet hub at ${ctx.hubUrl}: ${why}`);
}
