import { Pacer } from '../../functions/lib/zoom/zoom-call';
import { FakeClock } from '../helpers/fake-clock';

/** Each worker container's share of Zoom's rate: requests spaced evenly, never banked for a burst. */
async function takeTimes(clock: FakeClock, pacer: Pacer, count: number): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await pacer.take();
    times.push(clock.now() - start);
  }
  return times;
}

it('lets the first request go at once and spaces the next ones evenly', async () => {
  const clock = new FakeClock();

  expect(await takeTimes(clock, new Pacer(clock, 4), 5)).toEqual([0, 250, 500, 750, 1000]);
});

it('spaces concurrent requests of one container too', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(clock, 2);
  const start = clock.now();

  await Promise.all([1, 2, 3].map(() => pacer.take()));

  // The second waits for its slot at +500 ms, the third for +1000 ms (the fake clock moves at each sleep).
  expect(clock.sleeps).toEqual([500, 500]);
  expect(clock.now() - start).toBe(1000);
});

it('does not bank the time it was idle into a burst', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(clock, 10);
  await pacer.take();
  clock.advance(5000);

  expect(await takeTimes(clock, pacer, 3)).toEqual([0, 100, 200]);
});

it('refuses a rate that is not positive', () => {
  expect(() => new Pacer(new FakeClock(), 0)).toThrow(/positive rate/);
});
