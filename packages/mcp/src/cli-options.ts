/** What `smsfleet-mcp` was asked to do. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'stdio' }
  | { kind: 'http'; port: number; host: string }
  | { kind: 'error'; message: string };

/** The port `--http` listens on when given none. */
export const DEFAULT_HTTP_PORT = 8091;

/** Usage, printed by `--help` and after a wrong option. */
export const USAGE = `smsfleet-mcp: smsfleet's MCP server (send and track SMS from an MCP client).

Usage:
  smsfleet-mcp                      serve over stdio (what a desktop MCP client starts)
  smsfleet-mcp --http [port]        serve streamable HTTP on http://127.0.0.1:<port>/mcp (default ${DEFAULT_HTTP_PORT})
  smsfleet-mcp --http 8091 --host 0.0.0.0   listen on every address (put TLS in front)

Environment:
  SMSFLEET_URL       the hub (default http://127.0.0.1:8080)
  SMSFLEET_API_KEY   the hub API key the tools use; its scopes decide what they may do (sending needs \`send\`).
                     Over HTTP, a client may send its own as Authorization: Bearer <key>.
`;

/** Read `smsfleet-mcp`'s arguments. */
export function parseArgs(argv: readonly string[]): CliCommand {
  let http: { port: number; host: string } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (a === '--http') {
      const next = argv[i + 1];
      let port = DEFAULT_HTTP_PORT;
      if (next !== undefined && !next.startsWith('--')) {
        port = Number(next);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          return { kind: 'error', message: `--http: "${next}" is not a port (0-65535)` };
        i++;
      }
      http = { port, host: http?.host ?? '127.0.0.1' };
    } else if (a === '--host') {
      const host = argv[++i];
      if (!host) return { kind: 'error', message: '--host needs an address' };
      http = { port: http?.port ?? DEFAULT_HTTP_PORT, host };
    } else return { kind: 'error', message: `unknown option ${a}` };
  }
  return http ? { kind: 'http', ...http } : { kind: 'stdio' };
}
