import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fireSchedule } from '../../local/fire-schedule';
import { describeSchedules, loadLocalSchedules } from '../../local/local-schedules';
import { writeLocalSession } from '../../local/local-session';
import { startLocalSystem, type LocalSystem } from '../../local/local-system';
import type { ScheduleEntry } from '../../infra/schedule-config';

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

describe('npm run schedule:fire, against the running npm start', () => {
  let out: string[];
  let err: string[];
  let system: LocalSystem | undefined;
  let dir: string;
  let sessionEnv: Record<string, string>;

  /** npm start in this process, with `schedules`, telling schedule:fire where it is through its session file. */
  async function npmStart(schedules: readonly ScheduleEntry[], env: Record<string, string> = {}): Promise<LocalSystem> {
    const started = await startLocalSystem({ PORT: '0', HOST: '127.0.0.1', LOCAL_API_KEY: 'schedule-fire-key', ...env }, { schedules });
    writeLocalSession({ apiUrl: started.api.url, apiKey: started.apiKey, webhookUrl: started.webhookUrl }, sessionEnv.LOCAL_SESSION_FILE);
    system = started;
    return started;
  }

  beforeEach(() => {
    out = [];
    err = [];
    dir = mkdtempSync(path.join(tmpdir(), 'zoom-schedule-fire-'));
    sessionEnv = { LOCAL_SESSION_FILE: path.join(dir, 'npm-start.json') };
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await system?.close();
    system = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers the schedule's Scheduler payload through the start queue and follows it until live", async () => {
    await npmStart(loadLocalSchedules(EXAMPLE));

    await expect(fireSchedule(['weekly-all-hands', 'start'], sessionEnv)).resolves.toBe(0);
    expect(out[0]).toBe(`weekly-all-hands start: delivered {"meetingId":"85746065432","settings":{"display_name":"All hands","layout":"speaker_view"}} to npm start at ${system?.api.url}`);
    expect(out).toContain("weekly-all-hands start: queued for the start worker, as the schedule's time would");
    expect(out.at(-1)).toMatch(/^stream live since \d{4}-\d\d-\d\dT/);
    expect(system?.simulator?.meetingState('85746065432')).toMatchObject({ live: true, settings: { display_name: 'All hands', layout: 'speaker_view' } });
  });

  it('sends a stop without settings, to the stop function', async () => {
    await npmStart(loadLocalSchedules(EXAMPLE));

    await expect(fireSchedule(['weekly-all-hands', 'stop'], sessionEnv)).resolves.toBe(0);
    expect(out[0]).toBe(`weekly-all-hands stop: delivered {"meetingId":"85746065432"} to npm start at ${system?.api.url}`);
    expect(out[1]).toMatch(/^weekly-all-hands stop: \{"meetingId":"85746065432","action":"stop","status":"ok"/);
  });

  it('names the configured schedules when the name is unknown', async () => {
    await npmStart(loadLocalSchedules(EXAMPLE));

    await expect(fireSchedule(['weekly'], sessionEnv)).resolves.toBe(2);
    expect(err).toEqual(['no schedule named "weekly" (configured: weekly-all-hands, product-launch-2027)']);
  });

  it('with nothing configured, points at cdk.json, SCHEDULES_FILE and the example file', async () => {
    await npmStart([]);

    await expect(fireSchedule(['weekly-all-hands'], sessionEnv)).resolves.toBe(2);
    expect(err).toEqual([
      'no schedule named "weekly-all-hands": the running npm start has none configured (cdk.json context "schedules" is empty and it was started without SCHEDULES_FILE)',
      `  Put schedules in cdk.json's context "schedules", or in a JSON file that SCHEDULES_FILE names; schedules.example.json shows the format.`,
      '  Try the example: restart it with SCHEDULES_FILE=schedules.example.json npm start, then npm run schedule:fire -- weekly-all-hands start (meeting 85746065432)',
    ]);
    // The suggested command must work: the example file holds the schedule it names.
    expect(loadLocalSchedules(EXAMPLE).map((entry) => entry.name)).toContain('weekly-all-hands');
  });

  it('names an empty SCHEDULES_FILE as the place that holds no schedules', async () => {
    const file = path.join(dir, 'none.json');
    writeFileSync(file, '[]');
    await npmStart(loadLocalSchedules({ SCHEDULES_FILE: file }), { SCHEDULES_FILE: file });

    await expect(fireSchedule(['daily'], sessionEnv)).resolves.toBe(2);
    expect(err[0]).toBe(`no schedule named "daily": SCHEDULES_FILE=${file} of the running npm start holds no schedules`);
    expect(err[1]).toContain('schedules.example.json');
  });

  it('reports a failed delivery with the contract error name and a non-zero exit', async () => {
    await npmStart(loadLocalSchedules(EXAMPLE), { ZOOM_BODY_ENCODING: 'xml' });

    await expect(fireSchedule(['weekly-all-hands', 'stop'], sessionEnv)).resolves.toBe(1);
    expect(err[0]).toMatch(/^weekly-all-hands stop: failed with CONFIGURATION_ERROR: ZOOM_BODY_ENCODING must be one of json, multipart/);
  });

  it("reports a start the worker parked, with the worker's code and reason", async () => {
    const entries = loadLocalSchedules(EXAMPLE).map((entry) => (entry.name === 'weekly-all-hands' ? ({ ...entry, meetingId: '85746065499' } as ScheduleEntry) : entry));
    const started = await npmStart(entries);
    started.simulator?.addMeeting('85746065499', { streamConfigured: false });

    const code = await fireSchedule(['weekly-all-hands', 'start'], sessionEnv, { waitMs: 5000 });
    expect(out.at(-1)).toMatch(/^start failed: STREAM_NOT_CONFIGURED: meeting 85746065499 has no custom live stream configured/);
    expect(code).toBe(1);
  });

  it('says npm start is not running, and how to start it, when nothing answers', async () => {
    const gone = await npmStart(loadLocalSchedules(EXAMPLE));
    await gone.close();
    system = undefined;

    await expect(fireSchedule(['weekly-all-hands', 'start'], sessionEnv)).resolves.toBe(2);
    expect(err).toEqual([`npm start is not running at ${gone.api.url} (${sessionEnv.LOCAL_SESSION_FILE}): start it in another terminal with \`npm start\`, then run this again`]);
  });

  it('says npm start is not running when none ever wrote its session here', async () => {
    await expect(fireSchedule(['weekly-all-hands'], { LOCAL_SESSION_FILE: path.join(dir, 'absent.json') })).resolves.toBe(2);
    expect(err[0]).toMatch(/^npm start is not running here .*start it in another terminal with `npm start`/);
  });
});
