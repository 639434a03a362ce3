#!/usr/bin/env node
// The installed `smsfleet-mcp` command. A plain file that exists before the build, because npm links a package's bin
// when it installs it, and dist/ is only built afterwards (`npm run build`).

try {
  require('../dist/main.js');
} catch (e) {
  // Only main.js itself missing means "not built"; anything else (a missing dependency) is reported as it is.
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).split('\n')[0].includes('dist/main.js')) {
    process.stderr.write('smsfleet-mcp: not built yet: run `npm run build` in the smsfleet folder first\n');
    process.exit(1);
  }
  throw e;
}
