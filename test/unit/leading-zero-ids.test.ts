import { InvalidRequestError } from '../../functions/lib/core/errors';
import { detectSource } from '../../functions/lib/http/http-request';
import { toLiveStreamInput } from '../../functions/lib/http/live-stream-input';
import { eventTarget, parseZoomEvent } from '../../functions/lib/zoom/zoom-event';
import { parseSchedules } from '../../infra/schedule-config';

/**
 * `085746065432` and `85746065432` would be two records of one Zoom meeting (two registrations, two
 * claims, a start twice): a leading zero is refused wherever an id is read.
 */
const WITH_ZERO = '085746065432';

const restStart = (id: string) => ({
  httpMethod: 'POST',
  path: `/meetings/${id}/livestream/start`,
  resource: '/meetings/{meetingId}/livestream/start',
  pathParameters: { meetingId: id },
  body: null,
  isBase64Encoded: false,
  headers: {},
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  requestContext: {},
});

function refusal(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected a refusal');
}

it('refuses a path id with a leading zero, naming the field', () => {
  const event = restStart(WITH_ZERO);
  const error = refusal(() => toLiveStreamInput('start', event, detectSource(event)));
  expect(error.message).toMatch(/meetingId.*must not start with 0/);
});

it('refuses a plain payload id with a leading zero', () => {
  const payload = { webinarId: WITH_ZERO };
  expect(refusal(() => toLiveStreamInput('start', payload, detectSource(payload))).message).toMatch(/webinarId.*must not start with 0/);
});

it('takes no target from a webhook event whose id has a leading zero', () => {
  const event = parseZoomEvent(Buffer.from(JSON.stringify({ event: 'meeting.started', payload: { object: { id: WITH_ZERO } } })));
  expect(eventTarget(event)).toBeUndefined();
});

it('fails synth on a schedule entry whose id has a leading zero', () => {
  expect(() => parseSchedules([{ name: 'zero', meetingId: WITH_ZERO, start: 'cron(0 9 ? * MON *)' }])).toThrow(/meetingId.*must not start with 0/);
});

it('still takes the same id without the zero', () => {
  const event = restStart('85746065432');
  expect(toLiveStreamInput('start', event, detectSource(event)).command.target).toEqual({ kind: 'meeting', id: '85746065432' });
});
