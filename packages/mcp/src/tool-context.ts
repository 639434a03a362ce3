import type { HubClient } from '@smsfleet/client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorResult } from './tool-result';

/** What every tool is given: the hub (through the shared client only) and the MCP server it runs in. */
export interface ToolContext {
  /** The hub, with the API key this server was started with (or the HTTP session's own). */
  hub: HubClient;
  /** The hub's URL, for error messages. */
  hubUrl: string;
  /** The server the tools are registered on (a tool asks the client for confirmation through it). */
  server: McpServer;
  /** A fresh idempotency key for a send that came without one. */
  newIdempotencyKey: () => string;
}

/**
 * `run`, with whatever it throws turned into a tool error (`isError: true`) that names the hub's code and fields,
 * or the scope `scope` the API key lacks: the model reads why, rather than a protocol error.
 */
export async function guarded(
  ctx: ToolContext,
  scope: string | undefined,
  run: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    return errorResult(err, { hubUrl: ctx.hubUrl, ...(scope ? { scope } : {}) });
  }
}
