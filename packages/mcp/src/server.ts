import { randomUUID } from 'node:crypto';
import { HubClient } from '@smsfleet/client';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolContext } from './tool-context';
import { registerFindContact } from './tools/find-contact';
import { registerGetMessage } from './tools/get-message';
import { registerGetMetrics } from './tools/get-metrics';
import { registerHubHealth } from './tools/hub-health';
import { registerListDevices } from './tools/list-devices';
import { registerListInbox } from './tools/list-inbox';
import { registerListMessages } from './tools/list-messages';
import { registerOptOutContact } from './tools/opt-out-contact';
import { registerPreviewSms } from './tools/preview-sms';
import { registerSendSms } from './tools/send-sms';

/** This package's version, as MCP clients are told it. */
export const MCP_SERVER_VERSION = '0.1.0';

/** Options of {@link createSmsfleetMcpServer}. */
export interface SmsfleetMcpOptions {
  /** The hub's base URL (`SMSFLEET_URL`). */
  url: string;
  /** The API key the tools use (`SMSFLEET_API_KEY`): its scopes decide what the tools may do. */
  apiKey?: string;
  /** A hub client to use instead of one built from `url` and `apiKey` (tests pass one with a custom transport). */
  hub?: HubClient;
  /** New idempotency keys for sends that came without one. Default: `mcp-<uuid>`. */
  newIdempotencyKey?: () => string;
}

/** Every tool, in the order `tools/list` gives them. */
const TOOLS = [
  registerSendSms,
  registerPreviewSms,
  registerGetMessage,
  registerListMessages,
  registerListInbox,
  registerFindContact,
  registerOptOutContact,
  registerGetMetrics,
  registerListDevices,
  registerHubHealth,
];

/**
 * An MCP server with smsfleet's tools, talking to the hub only through the shared client. One server serves one MCP
 * session (stdio: the process; HTTP: one per session), since a tool's confirmation is asked of that session's client.
 */
export function createSmsfleetMcpServer(opts: SmsfleetMcpOptions): McpServer {
  const server = new McpServer(
    { name: 'smsfleet', title: 'smsfleet', version: MCP_SERVER_VERSION },
    {
      instructions:
        'smsfleet sends SMS through a fleet of Android phones and tracks each to its final status. Preview a ' +
        'text with preview_sms, send with send_sms (keep the idempotency key it returns and pass it again to ' +
        'retry), and follow it with get_message until it is delivered or failed.',
    },
  );
  const ctx: ToolContext = {
    hub: opts.hub ?? new HubClient({ url: opts.url, ...(opts.apiKey ? { apiKey: opts.apiKey } : {}) }),
    hubUrl: opts.url,
    server,
    newIdempotencyKey: opts.newIdempotencyKey ?? (() => `mcp-${randomUUID()}`),
  };
  for (const register of TOOLS) register(ctx);
  return server;
}
