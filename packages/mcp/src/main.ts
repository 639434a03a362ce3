#!/usr/bin/env node
/** `smsfleet-mcp`: smsfleet's MCP server over stdio (default) or streamable HTTP (`--http [port]`). */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseArgs, USAGE } from './cli-options';
import { startHttpServer } from './http-server';
import { createSmsfleetMcpServer } from './server';

async function main(): Promise<void> {
  const cmd = parseArgs(process.argv.slice(2));
  if (cmd.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (cmd.kind === 'error') {
    process.stderr.write(`smsfleet-mcp: ${cmd.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const url = process.env.SMSFLEET_URL || 'http://127.0.0.1:8080';
  const apiKey = process.env.SMSFLEET_API_KEY || undefined;
  const mcp = { url, ...(apiKey ? { apiKey } : {}) };
  if (cmd.kind === 'stdio') {
    if (!apiKey) {
      process.stderr.write('smsfleet-mcp: set SMSFLEET_API_KEY to a hub API key (and SMSFLEET_URL to the hub).\n');
      process.exitCode = 2;
      return;
    }
    // stdout carries the protocol: anything for people goes to stderr. The client closing stdin ends the session.
    const server = createSmsfleetMcpServer(mcp);
    await server.connect(new StdioServerTransport());
    process.stdin.once('end', () => {
      server.close().finally(() => process.exit(0));
    });
    process.stderr.write(`smsfleet-mcp: serving over stdio for ${url}\n`);
    return;
  }
  const server = await startHttpServer({ mcp, port: cmd.port, host: cmd.host });
  process.stderr.write(`smsfleet-mcp: serving ${server.url} for ${url}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`smsfleet-mcp: ${(e as Error).message}\n`);
  process.exit(1);
});
