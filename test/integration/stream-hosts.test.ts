import { logger } from '../../functions/lib/core/logger';
import { captureOutput } from '../helpers/backends';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * `-c streamHosts=…` (STREAM_HOSTS on the meetings function): a stream configuration may send the
 * stream only to those hosts; and every change of destination is logged by host, never with the key.
 */
const MEETING = '86000000002';
const path = `/meetings/${MEETING}/livestream`;
const config = (streamUrl: string) => ({ stream_url: streamUrl, stream_key: 'hosts-test-key-9Zq4', page_url: 'https://example.com/live' });

let system: MeetingTimesSystem;
afterEach(() => system.close());

async function start(env: Record<string, string> = {}) {
  system = await startMeetingTimesSystem({ clock: new ManualClock(Date.UTC(2026, 2, 2, 9, 0)), env });
  system.zoom.addMeeting(MEETING, { status: 'waiting', streamConfigured: false });
}

it('refuses a host outside STREAM_HOSTS with 400 naming stream_url, and calls nothing', async () => {
  await start({ STREAM_HOSTS: 'a.rtmp.youtube.com,live.example.com' });

  const answer = await system.api('PUT', path, config('rtmp://169.254.169.254/live'));

  expect(answer.status).toBe(400);
  expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^stream_url: host "169.254.169.254"/) });
  expect(system.zoomCalls()).toEqual([]);
});

it('takes an allowed host, whatever its case in the URL', async () => {
  await start({ STREAM_HOSTS: 'a.rtmp.youtube.com' });

  const answer = await system.api('PUT', path, config('rtmps://A.RTMP.YouTube.com:443/live2'));

  expect(answer.status).toBe(200);
  expect(system.zoomCalls()).toEqual([`PATCH /v2/meetings/${MEETING}/livestream`]);
});

it('takes any host without STREAM_HOSTS, and logs the new destination host but never the key', async () => {
  await start();
  const output = captureOutput();
  logger.setLogLevel('INFO');
  try {
    const answer = await system.api('PUT', path, config('rtmp://ingest.example.net/app'));
    expect(answer.status).toBe(200);
  } finally {
    logger.setLogLevel('SILENT');
    output.restore();
  }

  const changes = output.json().filter((line) => line.message === 'live stream destination changed');
  expect(changes).toEqual([expect.objectContaining({ target: `meeting ${MEETING}`, streamHost: 'ingest.example.net' })]);
  expect(output.lines.join('\n')).not.toContain('hosts-test-key-9Zq4');
});
