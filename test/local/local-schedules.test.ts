import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fireSchedule } from '../../local/fire-schedule';
import { describeSchedules, loadLocalSchedules } from '../../local/local-schedules';

const EXAMPLE = { SCHEDULES_FILE: path.join(__dirname, '../../schedules.example.json') };

describe('the schedules npm start lists', () => {
  it('reads the README example file and shows next fire times in each time zone', () => {
    const entries = loadLocalSchedules(EXAMPLE);
    const lines = describeSchedules(entries, new Date('2027-02-26T12:00:00Z'), 2);

    expect(lines).toEqual([
      'Schedules (next fire times in each schedule’s time zone):',
      '  weekly-all-hands: meeting 85746065432, Europe/Berlin',
      '    start cron(55 8 ? * MON *) -> 2027-03-01 08:55:00 GMT+1, 2027-03-08 08:55:00 GMT+1',
      '    stop  cron(30 10 ? * MON *) -> 2027-03-01 10:30:00 GMT+1, 2027-03-08 10:30:00 GMT+1',
      '  product-launch-2027: meeting 91234567890, America/New_York',
      '    start at(2027-03-01T17:55:00) -> 2027-03-01 17:55:00 GMT-5',
      '    stop  at(2027-03-01T19:30:00) -> 2027-03-01 19:30:00 GMT-5',
      '  Fire one now: npm run schedule:fire -- <name> [start|stop]',
    ]);
  });

  it('says so when a one-time schedule is past', () => {
    const [, launch] = loadLocalSchedules(EXAMPLE);
    const lines = describeSchedules(launch ? [launch] : [], new Date('2027-06-01T00:00:00Z'));
    expect(lines).toContain('    start at(2027-03-01T17:55:00) -> will not fire again');
  });

  it("is cdk.json's context by default, where nothing is configured", () => {
    expect(describeSchedules(loadLocalSchedules({}), new Date())).toEqual([
      'Schedules: none configured (cdk.json context "schedules", or SCHEDULES_FILE)',
    ]);
  });
});

describe('npm run schedule:fire', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it("delivers the schedule's Scheduler payload to the local start handler", async () => {
    await expect(fireSchedule(['weekly-all-hands', 'start'], EXAMPLE)).resolves.toBe(0);
    expect(out).toEqual([
      'weekly-all-hands start: delivering {"meetingId":"85746065432","settings":{"display_name":"All hands","layout":"speaker_view"}}',
      'weekly-all-hands start: {"meetingId":"85746065432","action":"start","status":"ok"}',
    ]);
  });

  it('sends a stop without settings', async () => {
    await expect(fireSchedule(['weekly-all-hands', 'stop'], EXAMPLE)).resolves.toBe(0);
    expect(out[0]).toBe('weekly-all-hands stop: delivering {"meetingId":"85746065432"}');
  });

  it('names the configured schedules when the name is unknown', async () => {
    await expect(fireSchedule(['weekly'], EXAMPLE)).resolves.toBe(2);
    expect(err).toEqual(['no schedule named "weekly" (configured: weekly-all-hands, product-launch-2027)']);
  });

  it('with nothing configured, points at cdk.json, SCHEDULES_FILE and the example file', async () => {
    await expect(fireSchedule(['weekly-all-hands'], {})).resolves.toBe(2);
    expect(err).toEqual([
      'no schedule named "weekly-all-hands": none are configured (cdk.json context "schedules" is empty and SCHEDULES_FILE is not set)',
      `  Put schedules in cdk.json's context "schedules", or in a JSON file that SCHEDULES_FILE names; schedules.example.json shows the format.`,
      '  Try the example: SCHEDULES_FILE=schedules.example.json npm run schedule:fire -- weekly-all-hands start',
    ]);
    // The suggested command must work: the example file holds the schedule it names.
    expect(loadLocalSchedules(EXAMPLE).map((entry) => entry.name)).toContain('weekly-all-hands');
  });

  it('names an empty SCHEDULES_FILE as the place that holds no schedules', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zoom-schedules-'));
    const file = path.join(dir, 'none.json');
    writeFileSync(file, '[]');
    try {
      await expect(fireSchedule(['daily'], { SCHEDULES_FILE: file })).resolves.toBe(2);
      expect(err[0]).toBe(`no schedule named "daily": SCHEDULES_FILE=${file} holds no schedules`);
      expect(err[1]).toContain('schedules.example.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failed delivery with the contract error name and a non-zero exit', async () => {
    const env = { ...EXAMPLE, ZOOM_BODY_ENCODING: 'xml' };
    await expect(fireSchedule(['weekly-all-hands', 'start'], env)).resolves.toBe(1);
    expect(err[0]).toMatch(/^weekly-all-hands start: failed with CONFIGURATION_ERROR: ZOOM_BODY_ENCODING must be one of json, multipart/);
  });
});
