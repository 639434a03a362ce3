import { processCpuMs } from './child-server';
import { cpuNote, cpuRatioNote, type LoadRun } from './load';

describe('processCpuMs', () => {
  it("reads a live process's CPU time from /proc, growing with work; nothing for a process not there", () => {
    const before = processCpuMs(process.pid);
    if (before === undefined) return expect(process.platform).not.toBe('linux'); // only Linux has /proc
    // 300 ms of this process's own CPU, as Node counts it, not of wall time: on a busy machine 300 wall ms can be
    // much less CPU. /proc counts at 10 ms resolution.
    const start = process.cpuUsage();
    let x = 0;
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 300)
      for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const after = processCpuMs(process.pid)!;
    expect(after - before).toBeGreaterThanOrEqual(200);
    expect(processCpuMs(undefined)).toBeUndefined();
    expect(processCpuMs(2 ** 30)).toBeUndefined(); // beyond pid_max
  });
});

describe('CPU notes', () => {
  const bare: LoadRun = { rps: 40_000, total: 320_000, cpuUsPerReq: 16, cpuShare: 0.8 };
  const hub: LoadRun = { rps: 12_000, total: 96_000, cpuUsPerReq: 80, cpuShare: 1.04 };

  it('gives the CPU per request and share of a core, and the CPU ratio with a remark on a starved baseline', () => {
    expect(cpuNote(hub)).toBe(', 80.0 µs of server CPU per request at 104% of a core');
    expect(cpuRatioNote(bare, hub)).toMatch(/^ \(a CPU ratio of 0\.20: the bare server does not fill its core/);
    expect(cpuRatioNote({ ...bare, cpuShare: 0.99 }, hub)).toBe(' (a CPU ratio of 0.20)');
  });

  it('says nothing where /proc told nothing', () => {
    const blind: LoadRun = { rps: 1, total: 1 };
    expect(cpuNote(blind)).toBe('');
    expect(cpuRatioNote(blind, hub)).toBe('');
    expect(cpuRatioNote(bare, blind)).toBe('');
  });
});
