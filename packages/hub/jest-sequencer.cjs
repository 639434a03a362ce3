// Longest files first. The fault-injection files (a message life per injection point, minutes each) and the chaos
// tests dominate the hub's suite; on a clean clone jest knows no timings and orders by file size, which put these
// short files last, so one worker could run a long one alone at the end while the other sat idle. Started first,
// the two workers end within a short file of each other.
const Sequencer = require('@jest/test-sequencer').default;

/** Rank of a file known to be long (lower runs earlier); undefined for the rest, left in jest's own order. */
function rank(path) {
  if (/fault-injection\.redis\./.test(path)) return 0;
  if (/fault-injection\.memory\./.test(path)) return 1;
  if (/[/\\]chaos[/\\].*\.test\.ts$/.test(path)) return 2;
  return undefined;
}

class LongestFirst extends Sequencer {
  async sort(tests) {
    const rest = await super.sort(tests.filter((t) => rank(t.path) === undefined));
    const long = tests.filter((t) => rank(t.path) !== undefined);
    long.sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
    return [...long, ...rest];
  }
}

module.exports = LongestFirst;
