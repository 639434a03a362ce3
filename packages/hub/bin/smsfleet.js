#!/usr/bin/env node
// The installed `smsfleet` command (`npx smsfleet`). It is a plain file that exists before the build, because npm
// links a package's bin when it installs it, and dist/ is only built afterwards (`npm run build` or `npm run demo`).

let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  // Only main.js itself missing means "not built": a module main.js cannot find (a production install without one of
  // the hub's dependencies) is reported as it is, with its require stack.
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).split('\n')[0].includes('dist/cli/main.js')) {
    process.stderr.write(
      'smsfleet: the CLI is not built yet: run `npm run build` (or `npm run demo`) in the smsfleet folder first\n',
    );
    process.exit(1);
  }
  throw e;
}
cli.run(process.argv.slice(2));
