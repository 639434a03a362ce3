import { systemClock } from '../../clock';
import { LoopTimer } from './loop-timer';

describe('LoopTimer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('on the system clock, keeps the timer across a wake for the next sleep to the same end', async () => {
    const sleep = jest.spyOn(systemClock, 'sleep');
    const timer = new LoopTimer(systemClock);
    const end = Date.now() + 60_000;
    const first = timer.sleep(end);
    timer.wake();
    expect(await first).toBe(false);
    const second = timer.sleep(end);
    expect(sleep).toHaveBeenCalledTimes(1); // the same timer
    expect(sleep.mock.calls[0]![1]!.aborted).toBe(false);
    timer.wake();
    expect(await second).toBe(false);
    // Another end: the kept timer is stopped and a new one runs.
    const third = timer.sleep(end + 1);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(sleep.mock.calls[0]![1]!.aborted).toBe(true);
    timer.wake();
    expect(await third).toBe(false);
    timer.drop(); // nothing left to hold the process
    expect(sleep.mock.calls[1]![1]!.aborted).toBe(true);
  });

  it('on the system clock, ends a sleep on a kept timer when it runs out', async () => {
    const timer = new LoopTimer(systemClock);
    const end = Date.now() + 30;
    const first = timer.sleep(end);
    timer.wake();
    await first;
    expect(await timer.sleep(end)).toBe(true);
  });

  it('on another clock, stops the clock sleep with a wake', async () => {
    const signals: AbortSignal[] = [];
    const clock = {
      now: () => 0,
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve) => {
          signals.push(signal!);
          signal!.addEventListener('abort', () => resolve(), { once: true });
        }),
    };
    const timer = new LoopTimer(clock);
    const first = timer.sleep(1_000);
    timer.wake();
    expect(await first).toBe(false);
    expect(signals[0]!.aborted).toBe(true);
    const second = timer.sleep(1_000);
    expect(signals).toHaveLength(2);
    timer.wake();
    await second;
  });
});
