import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ConfigurationError, InvalidRequestError } from '../../functions/lib/core/errors';
import { detectSource, toCommand } from '../../functions/lib/http/event-adapter';

function restEvent(meetingId: unknown, body?: string | null, path = 'start'): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: `/meetings/${String(meetingId)}/livestream/${path}`,
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
    ['""', ''],
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

  it.each([
    ['a negative number', -85746065432],
    ['an unsafe number', 2 ** 53 + 2],
    ['a fraction', 857460654.5],
  ])('rejects %s in a plain payload', (_, id) => {
    const error = rejection(() => toCommand('start', { meetingId: id }, 'direct'));
    expect(error.message).toMatch(/^meetingId: /);
  });

  it('keeps a safe JSON number as a digit string', () => {
    expect(toCommand('stop', { meetingId: 85746065432 }, 'direct')).toEqual({ meetingId: '85746065432', action: 'stop' });
  });

  it('keeps a 19-digit id exactly, beyond what a JSON number could hold', () => {
    const id = '9223372036854775807';
    expect(toCommand('stop', { meetingId: id }, 'direct').meetingId).toBe(id);
  });

  it('reports a missing meeting id as required', () => {
    expect(rejection(() => toCommand('start', {}, 'direct')).message).toBe('meetingId: is required');
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
    expect(toCommand('start', restEvent('85746065432'), 'apigateway-rest')).toEqual({ meetingId: '85746065432', action: 'start' });
    expect(toCommand('start', restEvent('85746065432', ''), 'apigateway-rest').settings).toBeUndefined();
    const encoded = { ...restEvent('85746065432', Buffer.from('{"settings":{"layout":"gallery_view"}}').toString('base64')), isBase64Encoded: true };
    expect(toCommand('start', encoded, 'apigateway-rest').settings).toEqual({ layout: 'gallery_view' });
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
    expect(rejection(() => toCommand('start', event, 'apigateway-rest')).message).toBe('method: GET is not allowed, only POST');
  });

  it("refuses the other action's path as a wiring mistake, not a request", () => {
    expect(() => toCommand('start', restEvent('85746065432', null, 'stop'), 'apigateway-rest')).toThrow(
      new ConfigurationError('the start function was invoked for /meetings/85746065432/livestream/stop: check the API\'s integrations'),
    );
  });

  it('reads the meeting id from a stage-prefixed path when no path parameters came', () => {
    const event = {
      version: '2.0',
      rawPath: '/prod/meetings/85746065432/livestream/stop',
      requestContext: { http: { method: 'POST' } },
    };
    expect(toCommand('stop', event, 'apigateway-http')).toEqual({ meetingId: '85746065432', action: 'stop' });
  });

  it('treats a null requestContext as no API Gateway event', () => {
    expect(detectSource({ httpMethod: 'POST', requestContext: null, meetingId: '85746065432' })).toBe('direct');
  });
});
