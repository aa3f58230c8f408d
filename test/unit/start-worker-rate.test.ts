import { workerRatePerContainer } from '../../infra/start-worker-rate';

it("gives each worker container an equal share of the account's rate, less 5 %", () => {
  expect(workerRatePerContainer(30, 10)).toBe(2.85);
  expect(workerRatePerContainer(80, 10)).toBe(7.6);
});

it('keeps the fleet under the limit when every container runs at its share', () => {
  for (const [limit, concurrency] of [[30, 10], [30, 7], [80, 25]] as const) {
    expect(workerRatePerContainer(limit, concurrency) * concurrency).toBeLessThanOrEqual(limit * 0.95);
  }
});
