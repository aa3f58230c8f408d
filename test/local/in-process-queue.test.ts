import { systemClock } from '../../functions/lib/core/clock';
import { InProcessStartQueue } from '../../local/in-process-queue';

/** Every timer set while a test runs, to ask whether it keeps the process alive (`hasRef`). */
function watchTimers() {
  const timers: { ms: number; timer: NodeJS.Timeout }[] = [];
  const original = global.setTimeout;
  const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => {
    const timer = original(handler, ms);
    timers.push({ ms: ms ?? 0, timer });
    return timer;
  }) as typeof setTimeout);
  return { timers, restore: () => spy.mockRestore() };
}

let watched: ReturnType<typeof watchTimers>;
beforeEach(() => (watched = watchTimers()));
afterEach(() => watched.restore());

describe('a wait on the system clock', () => {
  it('keeps the process alive, unless it is a background wait', async () => {
    await Promise.all([systemClock.sleep(5), systemClock.sleep(6, { background: true })]);
    expect(watched.timers.map(({ ms, timer }) => [ms, timer.hasRef()])).toEqual([
      [5, true],
      [6, false],
    ]);
  });
});

describe('the in-process start queue', () => {
  it('redelivers a failed message after its delay without that wait keeping the process alive', async () => {
    const queue = new InProcessStartQueue({ clock: systemClock, redeliveryDelayMs: 20 });
    const deliveries: number[] = [];
    queue.consume(async (message) => {
      deliveries.push(message.receiveCount);
      return message.receiveCount === 2;
    });
    await queue.send('{}', 0);
    await queue.drain();
    expect(deliveries).toEqual([1, 2]);
    const redelivery = watched.timers.find(({ ms }) => ms === 20);
    expect(redelivery?.timer.hasRef()).toBe(false);
  });
});
