import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * Whether the connected client can put a form in front of its user (MCP elicitation). A client that declared
 * `elicitation: {}` speaks the form mode (the only one before URL elicitation came); one that declared only `url`
 * does not.
 */
export function canConfirm(server: McpServer): boolean {
  const e = server.server.getClientCapabilities()?.elicitation;
  return e !== undefined && (e.form !== undefined || e.url === undefined);
}

/**
 * Ask the client's user `question` (an elicitation with no fields: accept or decline). True only on accept: a
 * decline, a cancel or a client that cannot ask never confirms.
 */
export async function confirm(server: McpServer, question: string): Promise<boolean> {
  if (!canConfirm(server)) return false;
  const answer = await server.server.elicitInput({
    mode: 'form',
    message: question,
    requestedSchema: { type: 'object', properties: {} },
  });
  return answer.action === 'accept';
}
