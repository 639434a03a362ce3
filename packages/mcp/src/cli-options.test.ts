import { DEFAULT_HTTP_PORT, parseArgs } from './cli-options';

describe('smsfleet-mcp options', () => {
  it('serves stdio by default and HTTP with --http, on a given or the default port', () => {
    expect(parseArgs([])).toEqual({ kind: 'stdio' });
    expect(parseArgs(['--http'])).toEqual({ kind: 'http', port: DEFAULT_HTTP_PORT, host: '127.0.0.1' });
    expect(parseArgs(['--http', '9000'])).toEqual({ kind: 'http', port: 9000, host: '127.0.0.1' });
    expect(parseArgs(['--http', '--host', '0.0.0.0'])).toEqual({
      kind: 'http',
      port: DEFAULT_HTTP_PORT,
      host: '0.0.0.0',
    });
    expect(parseArgs(['--host', '::1', '--http', '9001'])).toEqual({ kind: 'http', port: 9001, host: '::1' });
  });

  it('names what is wrong', () => {
    expect(parseArgs(['--http', 'eighty'])).toEqual({
      kind: 'error',
      message: '--http: "eighty" is not a port (0-65535)',
    });
    expect(parseArgs(['--host'])).toEqual({ kind: 'error', message: '--host needs an address' });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
