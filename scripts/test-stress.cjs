#!/usr/bin/env node
// `npm run test:stress`: the whole suite (`npm test`, same arguments) while busy loops keep every core busy, as on
// a laptop doing other work. A test that depends on how fast the machine is fails here instead of on a user's
// machine. The hogs are started here and killed on every way out (end, error, Ctrl-C, SIGTERM).
'use strict';
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const hogCount = Number(process.env.SMSFLEET_STRESS_HOGS) || (os.availableParallelism?.() ?? os.cpus().length);
const hogs = [];
function stopHogs() {
  for (const h of hogs.splice(0)) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
}
process.on('exit', stopHogs);

for (let i = 0; i < hogCount; i++) {
  hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}
console.log(
  `[stress] ${hogCount} CPU hog(s) running (pids ${hogs.map((h) => h.pid).join(', ')}); running npm test under them`,
);

const started = Date.now();
// Its own process group, so a signal here stops the whole tree (turbo, every jest, their servers) at once.
const child = spawn(process.execPath, [path.join(__dirname, 'test.cjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  detached: true,
});
function stopChild(sig) {
  try {
    process.kill(-child.pid, sig);
  } catch {
    /* already gone */
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopHogs();
    if (child.exitCode === null) stopChild(sig);
    process.exitCode = 130;
  });
}
child.on('exit', (code) => {
  stopHogs();
  const s = Math.round((Date.now() - started) / 1000);
  console.log(
    `[stress] npm test under ${hogCount} hog(s) ${code === 0 ? 'passed' : 'FAILED'} ` +
      `in ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`,
  );
  process.exit(process.exitCode === 130 ? 130 : (code ?? 1));
});
