import { systemClock, type Clock } from '../../functions/lib/core/clock';

/**
 * The system clock, which a test may move forward (to be a minute or Zoom's retry interval later)
 * while waits still take real time, background waits included.
 */
export function shiftedClock(): { clock: Clock; shift(ms: number): void } {
  let shiftMs = 0;
  return {
    clock: { now: () => systemClock.now() + shiftMs, sleep: systemClock.sleep },
    shift: (ms) => {
      shiftMs += ms;
    },
  };
}
