// Make sure Debian's chromium is there for the dashboard's browser tests (playwright-core drives it).
// Used by scripts/test.cjs; installs the Debian package with apt-get when missing and we are root.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** The chromium executable, installing it when missing and possible; throws with what to do otherwise. */
function ensureChromium() {
  const want = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(want)) return want;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!root || !hasApt) {
    throw new Error(
      `chromium is not installed at ${want}. Install the Debian package (apt-get install chromium) ` +
        'or set CHROMIUM_PATH, then run the tests again.',
    );
  }
  console.log('[chromium] missing: installing the Debian package (apt-get install chromium)');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return want;
}

module.exports = { ensureChromium };
