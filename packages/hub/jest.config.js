// The end-to-end suites (a real hub, phones, Redis) wait for events with real-time safety nets of up to 60 s: a busy
// machine (npm run test:stress) is slow to reach them, and 30 s per test would cut the wait short.
// Two workers: the hub's suite is the longest and runs last, alone, with a core idle at the default of one worker
// on 2 cores (the fault-injection files, one per store and gateway, share them; jest-sequencer.cjs starts them first).
module.exports = require('../../shared/jest.preset.js')(__dirname, {
  testTimeout: 120_000,
  maxWorkers: 2,
  testSequencer: '<rootDir>/jest-sequencer.cjs',
});
