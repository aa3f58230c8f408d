import type { APIGatewayProxyEvent } from 'aws-lambda';
import { InvalidRequestError } from '../../functions/lib/core/errors';
import type { LiveStreamAction, LiveStreamCommand } from '../../functions/lib/core/target';
import { detectSource, type EventSource } from '../../functions/lib/http/http-request';
import { toLiveStreamInput } from '../../functions/lib/http/live-stream-input';
import { eventTarget, parseZoomEvent } from '../../functions/lib/zoom/event-notification';
import { parseSchedules } from '../../infra/schedule-config';

/** The command any event source is turned into. */
const toCommand = (action: LiveStreamAction, event: unknown, source: EventSource): LiveStreamCommand =>
  toLiveStreamInput(action, event, source).command;

const meeting = (id: string) => ({ kind: 'meeting' as const, id });

/**
 * A REST API (payload 1.0) event as API Gateway delivers it: the path still percent-encoded, the
 * path parameter decoded.
 */
function restEvent(meetingId: unknown, body?: string | null, path = 'start'): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: `/meetings/${encodeURIComponent(String(meetingId))}/livestream/${path}`,
    resource: `/meetings/{meetingId}/livestream/${path}`,
    pathParameters: { meetingId: meetingId as string },
    body: body ?? null,
    isBase64Encoded: false,
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
  };
}

function rejection(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected INVALID_REQUEST, but the input was accepted');
}

describe('meeting id', () => {
  it.each([
    ['"abc"', 'abc'],
    ['"12345"', '12345'],
    ['"1234567890123456789012"', '1234567890123456789012'],
    ['"../users/me"', '../users/me'],
    ['"85746065432/../../x"', '85746065432/../../x'],
    ['" 85746065432"', ' 85746065432'],
    ['int64 overflow', '9999999999999999999'],
  ])('rejects %s on the HTTP path, naming meetingId', (_, id) => {
    const error = rejection(() => toCommand('start', restEvent(id), 'apigateway-rest'));
    expect(error.message).toMatch(/^meetingId: /);
  });

  it('rejects an empty meeting id on the HTTP path as a path outside the API', () => {
    const error = rejection(() => toCommand('start', restEvent(''), 'apigateway-rest'));
    expect(error.message).toBe('path: /meetings//livestream/start is not a route of this API');
  });

  it('rejects a traversal that arrived decoded in the path, before anything reads the id', () => {
    // HTTP APIs deliver rawPath decoded: `..%2Fusers%2Fme` arrives as `../users/me`.
    const event = {
      version: '2.0',
      rawPath: '/meetings/../users/me/livestream/start',
      pathParameters: { meetingId: '../users/me' },
      requestContext: { http: { method: 'POST' } },
    };
    expect(rejection(() => toCommand('start', event, 'apigateway-http')).message).toBe(
      'path: /meetings/../users/me/livestream/start is not a route of this API',
    );
  });

  it.each([
    ['a negative number', -85746065432],
    ['an unsafe number', 2 ** 53 + 2],
    ['a fraction', 857460654.5],
  ])('rejects %s in a plain payload', (_, id) => {
    const error = rejection(() => toCommand('start', { meetingId: id }, 'direct'));
    expect(error.message).toMatch(/^meetingId: /);
  });

  it('keeps a safe JSON number as a digit string', () => {
    expect(toCommand('stop', { meetingId: 85746065432 }, 'direct')).toEqual({ target: meeting('85746065432'), action: 'stop' });
  });

  it('keeps a 19-digit id exactly, beyond what a JSON number could hold', () => {
    const id = '9223372036854775807';
    expect(toCommand('stop', { meetingId: id }, 'direct').target).toEqual(meeting(id));
  });

  it('reports a missing meeting id as required, mentioning the webinar form', () => {
    expect(rejection(() => toCommand('start', {}, 'direct')).message).toBe('meetingId: is required (or webinarId for a webinar)');
  });
});

describe('HTTP body', () => {
  const reject = (body: string) => rejection(() => toCommand('start', restEvent('85746065432', body), 'apigateway-rest'));

  it('rejects a body that is not JSON', () => {
    expect(reject('{"settings":').message).toBe('body: is not valid JSON');
  });

  it('rejects a JSON array', () => {
    expect(reject('[]').message).toBe('body: must be a JSON object');
  });

  it('rejects a body over 10 KB', () => {
    const big = JSON.stringify({ settings: { display_name: 'x'.repeat(11 * 1024) } });
    expect(reject(big).message).toMatch(/^body: is \d+ bytes, larger than the 10240 allowed/);
  });

  it('rejects keys other than settings', () => {
    expect(reject('{"action":"stop"}').message).toBe('action: unknown key');
  });

  it('rejects an unknown settings key', () => {
    expect(reject('{"settings":{"colour":"red"}}').message).toBe('settings.colour: unknown key');
  });

  it.each([
    ['display_name of 0 characters', { display_name: '' }, 'settings.display_name: must be 1 to 50 characters'],
    ['display_name of 51 characters', { display_name: 'x'.repeat(51) }, 'settings.display_name: must be 1 to 50 characters'],
    ['layout "grid"', { layout: 'grid' }, 'settings.layout: must be one of follow_host, gallery_view, speaker_view'],
    ['close_caption "on"', { close_caption: 'on' }, 'settings.close_caption: must be one of burnt-in, embedded, off'],
    ['active_speaker_name "yes"', { active_speaker_name: 'yes' }, 'settings.active_speaker_name: must be true or false'],
  ])('rejects %s', (_, settings, message) => {
    expect(reject(JSON.stringify({ settings })).message).toBe(message);
  });

  it('accepts 50 characters counted as characters, not UTF-16 units', () => {
    const command = toCommand('start', restEvent('85746065432', JSON.stringify({ settings: { display_name: '🎥'.repeat(50) } })), 'apigateway-rest');
    expect(command.settings?.display_name).toHaveLength(100);
  });

  it('accepts no body, an empty body and a base64 body', () => {
    expect(toCommand('start', restEvent('85746065432'), 'apigateway-rest')).toEqual({ target: meeting('85746065432'), action: 'start' });
    expect(toCommand('start', restEvent('85746065432', ''), 'apigateway-rest').settings).toBeUndefined();
    const encoded = { ...restEvent('85746065432', Buffer.from('{"settings":{"layout":"gallery_view"}}').toString('base64')), isBase64Encoded: true };
    expect(toCommand('start', encoded, 'apigateway-rest').settings).toEqual({ layout: 'gallery_view' });
  });

  it.each([
    ['characters outside the alphabet', '{"settings":{}}'],
    ['a URL-safe alphabet', Buffer.from('{"settings":{"layout":"gallery_view"}}>>>').toString('base64url')],
    ['missing padding', Buffer.from('{"settings":{"layout":"gallery_view"}}').toString('base64').replace(/=+$/, '')],
  ])('rejects a body marked base64-encoded with %s instead of decoding what it can', (_, body) => {
    const event = { ...restEvent('85746065432', body), isBase64Encoded: true };
    expect(rejection(() => toCommand('start', event, 'apigateway-rest')).message).toBe('body: is marked base64-encoded but is not valid base64');
  });

  it('rejects a body that is not UTF-8', () => {
    const latin1 = Buffer.from('{"settings":{"display_name":"Caf\u00e9"}}', 'latin1').toString('base64');
    const event = { ...restEvent('85746065432', latin1), isBase64Encoded: true };
    expect(rejection(() => toCommand('start', event, 'apigateway-rest')).message).toBe('body: is not UTF-8 text');
  });

  it('refuses settings on stop rather than ignoring them', () => {
    const error = rejection(() => toCommand('stop', restEvent('85746065432', '{"settings":{"layout":"gallery_view"}}', 'stop'), 'apigateway-rest'));
    expect(error.message).toBe('settings: only start takes settings');
  });
});

describe('plain and EventBridge payloads', () => {
  it('rejects unknown keys in a plain payload', () => {
    expect(rejection(() => toCommand('start', { meetingId: '85746065432', action: 'stop' }, 'direct')).message).toBe('action: unknown key');
  });

  it('names the detail field of an EventBridge event', () => {
    const event = { 'detail-type': 'Start', source: 'ops', detail: { meetingId: 'abc' } };
    expect(detectSource(event)).toBe('eventbridge');
    expect(rejection(() => toCommand('start', event, 'eventbridge')).message).toMatch(/^detail\.meetingId: /);
  });

  it('rejects an event that is not an object', () => {
    expect(rejection(() => toCommand('start', 'start it', 'direct')).message).toMatch(/^payload: must be a JSON object/);
  });

  it('takes a webinarId for a webinar, with the settings a webinar has', () => {
    const input = toLiveStreamInput('start', { webinarId: '91234567890', settings: { display_name: 'Launch' } }, 'direct');
    expect(input).toEqual({
      kind: 'async',
      command: { target: { kind: 'webinar', id: '91234567890' }, action: 'start', settings: { display_name: 'Launch' } },
    });
    expect(rejection(() => toCommand('start', { webinarId: '91234567890', settings: { layout: 'gallery_view' } }, 'direct')).message).toBe(
      'settings.layout: unknown key',
    );
  });

  it('takes exactly one of meetingId and webinarId', () => {
    expect(rejection(() => toCommand('start', { meetingId: '85746065432', webinarId: '91234567890' }, 'direct')).message).toBe(
      'webinarId: give either meetingId or webinarId, not both',
    );
    const event = { 'detail-type': 'Start', source: 'ops', detail: {} };
    expect(rejection(() => toCommand('start', event, 'eventbridge')).message).toBe('detail.meetingId: is required (or webinarId for a webinar)');
  });

  it('takes a start window of 0 to 120 whole minutes, for a start only', () => {
    expect(toLiveStreamInput('start', { meetingId: '85746065432', startWindowMinutes: 0 }, 'direct')).toMatchObject({ kind: 'async', startWindowMinutes: 0 });
    expect(toLiveStreamInput('start', { meetingId: '85746065432', startWindowMinutes: 120 }, 'direct')).toMatchObject({ startWindowMinutes: 120 });
    expect(toLiveStreamInput('start', { meetingId: '85746065432' }, 'direct')).not.toHaveProperty('startWindowMinutes');
    for (const bad of [121, -1, 2.5, '10']) {
      expect(rejection(() => toCommand('start', { meetingId: '85746065432', startWindowMinutes: bad }, 'direct')).message).toBe(
        'startWindowMinutes: must be a whole number of minutes from 0 to 120',
      );
    }
    expect(rejection(() => toCommand('stop', { meetingId: '85746065432', startWindowMinutes: 10 }, 'direct')).message).toBe(
      'startWindowMinutes: only start takes a start window',
    );
  });

  it('keeps the time of an EventBridge event, from which its start window counts', () => {
    const event = { 'detail-type': 'Start', source: 'ops', time: '2026-11-26T07:55:00Z', detail: { meetingId: '85746065432', startWindowMinutes: 30 } };
    expect(toLiveStreamInput('start', event, 'eventbridge')).toEqual({
      kind: 'async',
      command: { target: meeting('85746065432'), action: 'start' },
      startWindowMinutes: 30,
      eventTime: Date.UTC(2026, 10, 26, 7, 55),
    });
  });

  it('refuses a queue message: those are for the start worker', () => {
    const event = { Records: [{ eventSource: 'aws:sqs', body: '{"meetingId":"85746065432"}' }] };
    expect(detectSource(event)).toBe('sqs');
    expect(rejection(() => toCommand('start', event, 'sqs')).message).toBe('event: queue messages are for the start worker, not this function');
  });
});

describe('event source detection', () => {
  it('tells REST, HTTP API, EventBridge and plain payloads apart', () => {
    expect(detectSource(restEvent('85746065432'))).toBe('apigateway-rest');
    expect(detectSource({ version: '2.0', rawPath: '/x', requestContext: { http: { method: 'POST' } } })).toBe('apigateway-http');
    expect(detectSource({ 'detail-type': 'x', source: 'y', detail: {} })).toBe('eventbridge');
    expect(detectSource({ meetingId: '85746065432' })).toBe('direct');
  });
});

describe('the HTTP route', () => {
  it('accepts only POST', () => {
    const event = { ...restEvent('85746065432'), httpMethod: 'GET' };
    expect(rejection(() => toCommand('start', event, 'apigateway-rest')).message).toBe('method: GET is not allowed on /meetings/85746065432/livestream/start');
  });

  it('refuses a path that is not a route of the API', () => {
    const event = { ...restEvent('85746065432'), path: '/x' };
    expect(rejection(() => toCommand('start', event, 'apigateway-rest')).message).toBe('path: /x is not a route of this API');
  });

  it("refuses the other action's path as a bad request naming the function", () => {
    const error = rejection(() => toCommand('start', restEvent('85746065432', null, 'stop'), 'apigateway-rest'));
    expect(error.message).toBe('path: POST /meetings/85746065432/livestream/stop is not served by the start function');
  });

  it('reads the meeting id from a stage-prefixed path when no path parameters came', () => {
    const event = {
      version: '2.0',
      rawPath: '/prod/meetings/85746065432/livestream/stop',
      requestContext: { http: { method: 'POST' } },
    };
    expect(toCommand('stop', event, 'apigateway-http')).toEqual({ target: meeting('85746065432'), action: 'stop' });
  });

  it('reads a webinar route as a webinar target', () => {
    const event = {
      version: '2.0',
      rawPath: '/webinars/91234567890/livestream/start',
      requestContext: { http: { method: 'POST' } },
      body: '{"settings":{"active_speaker_name":false}}',
    };
    expect(toLiveStreamInput('start', event, 'apigateway-http')).toEqual({
      kind: 'http',
      command: { target: { kind: 'webinar', id: '91234567890' }, action: 'start', settings: { active_speaker_name: false } },
    });
  });

  it('treats a null requestContext as no API Gateway event', () => {
    expect(detectSource({ httpMethod: 'POST', requestContext: null, meetingId: '85746065432' })).toBe('direct');
  });
});

/**
 * `085746065432` and `85746065432` would be two records of one Zoom meeting (two registrations, two
 * claims, a start twice): a leading zero is refused wherever an id is read.
 */
describe('ids with a leading zero', () => {
  const WITH_ZERO = '085746065432';

  it('are refused in a path, naming the field', () => {
    const event = restEvent(WITH_ZERO);
    expect(rejection(() => toCommand('start', event, detectSource(event))).message).toMatch(/meetingId.*must not start with 0/);
  });

  it('are refused in a plain payload', () => {
    const payload = { webinarId: WITH_ZERO };
    expect(rejection(() => toCommand('start', payload, detectSource(payload))).message).toMatch(/webinarId.*must not start with 0/);
  });

  it('give a webhook event no target', () => {
    const event = parseZoomEvent(Buffer.from(JSON.stringify({ event: 'meeting.started', payload: { object: { id: WITH_ZERO } } })));
    expect(eventTarget(event)).toBeUndefined();
  });

  it('fail synth in a schedule entry', () => {
    expect(() => parseSchedules([{ name: 'zero', meetingId: WITH_ZERO, start: 'cron(0 9 ? * MON *)' }])).toThrow(/meetingId.*must not start with 0/);
  });

  it('are taken without the zero', () => {
    const event = restEvent('85746065432');
    expect(toCommand('start', event, detectSource(event)).target).toEqual(meeting('85746065432'));
  });
});
