#!/usr/bin/env node
// The installed `smsfleet-demo` command (`npx smsfleet-demo`). A plain file that exists before the build, because npm
// links a package's bin when it installs it, and dist/ is only built afterwards (`npm run build` or `npm run demo`).

let demo;
try {
  demo = require('../dist/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/main.js')) {
    process.stderr.write(
      'smsfleet-demo: the demo is not built yet: ' +
        'run `npm run build` (or `npm run demo`) in the smsfleet folder first\n',
    );
    process.exit(1);
  }
  throw e;
}
demo.run(process.argv.slice(2));
