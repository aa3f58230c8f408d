import {
  AwsThrottledError,
  ConfigurationError,
  MeetingNotFoundError,
  MissingScopeError,
  RateLimitedError,
  TokenRejectedError,
  ZoomRejectedError,
  ZoomUnavailableError,
} from '../../functions/lib/core/errors';
import { errorResponse } from '../../functions/lib/http/http-response';
import { parseRetryAfter, isRepeatedStartRefusal, scopesInMessage, zoomError } from '../../functions/lib/zoom/zoom-errors';

const NOW = Date.UTC(2026, 10, 26, 8, 55, 0);
const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';
const MEETING = { kind: 'meeting' as const, id: '85746065432' };
const WEBINAR = { kind: 'webinar' as const, id: '91234567890' };
const answer = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  data,
  headers: { 'x-zm-trackingid': 'v=2.0;clid=us05;rid=abc', ...headers },
});

describe('Zoom answer mapping', () => {
  it('maps 404 code 3001 to MEETING_NOT_FOUND keeping code, message and tracking id', () => {
    const error = zoomError(answer(404, { code: 3001, message: 'Meeting does not exist: 85746065432.' }), MEETING, NOW);
    expect(error).toBeInstanceOf(MeetingNotFoundError);
    expect(errorResponse(error, REQUEST_ID)).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          code: 'MEETING_NOT_FOUND',
          message: 'Zoom has no meeting 85746065432 (HTTP 404, code 3001: Meeting does not exist: 85746065432.)',
          zoomCode: 3001,
          zoomTrackingId: 'v=2.0;clid=us05;rid=abc',
        },
      }),
    });
  });

  it('maps Zoom 300 (invalid meeting id) to MEETING_NOT_FOUND', () => {
    expect(zoomError(answer(300, { code: 300, message: 'Invalid meeting id.' }), { kind: 'meeting', id: '123456789' }, NOW)).toBeInstanceOf(MeetingNotFoundError);
  });

  it.each([
    ['an invalid id inside a 400', 400, 300, 'Invalid meeting id.', MEETING],
    ['a webinar that does not exist, sent as 400', 400, 3001, 'Webinar does not exist: 91234567890.', WEBINAR],
  ])('maps %s to MEETING_NOT_FOUND, by its code', (_, status, code, message, target) => {
    const error = zoomError(answer(status, { code, message }), target, NOW);
    expect(error).toBeInstanceOf(MeetingNotFoundError);
    expect(error.message).toBe(`Zoom has no ${target.kind} ${target.id} (HTTP ${status}, code ${code}: ${message})`);
  });

  it('maps a 404 without a code to MEETING_NOT_FOUND', () => {
    const error = zoomError(answer(404, '<html>Not Found</html>'), MEETING, NOW);
    expect(error).toBeInstanceOf(MeetingNotFoundError);
    expect(error.message).toBe('Zoom has no meeting 85746065432 (HTTP 404)');
  });

  it.each([
    [400, 3000, 'Cannot access webinar info.'],
    [400, 1010, 'User does not belong to this account.'],
    [403, 200, 'No permission.'],
    [404, 1001, 'User does not exist: host@example.com.'],
  ])('maps Zoom %i code %i to ZOOM_REJECTED (422) with Zoom code and message', (status, code, message) => {
    const error = zoomError(answer(status, { code, message }), MEETING, NOW);
    expect(error).toBeInstanceOf(ZoomRejectedError);
    const response = errorResponse(error, REQUEST_ID);
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: code, message: expect.stringContaining(message) });
  });

  it("maps code 300 naming a body field ('Validation Failed.') to ZOOM_REJECTED, not to a missing meeting", () => {
    const body = { code: 300, message: 'Validation Failed.', errors: [{ field: 'settings.layout', message: 'Invalid field.' }] };
    expect(zoomError(answer(400, body), MEETING, NOW)).toBeInstanceOf(ZoomRejectedError);
    const aboutTheId = { ...body, errors: [{ field: 'meetingId', message: 'Invalid field.' }] };
    expect(zoomError(answer(400, aboutTheId), MEETING, NOW)).toBeInstanceOf(MeetingNotFoundError);
  });

  it('maps 401 to the internal token-rejected signal, never straight to a caller', () => {
    expect(zoomError(answer(401, { code: 124, message: 'Invalid access token.' }), MEETING, NOW)).toBeInstanceOf(TokenRejectedError);
  });

  it.each([
    [401, 4700, 'Invalid access token, does not contain scopes:[meeting:update:live_stream_status:admin].'],
    [400, 4711, 'Invalid access token, does not contain scopes:[meeting:update:live_stream_status:admin].'],
    [403, 4711, 'Invalid access token, does not contain scopes:[meeting:update:live_stream_status:admin].'],
  ])('maps HTTP %i code %i to CONFIGURATION_ERROR naming the missing scope, whatever the status', (status, code, message) => {
    const error = zoomError(answer(status, { code, message }), MEETING, NOW);
    expect(error).toBeInstanceOf(MissingScopeError);
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR', retryable: false, scopes: ['meeting:update:live_stream_status:admin'] });
    expect(error.message).toBe(
      `the Zoom app lacks the scope meeting:update:live_stream_status:admin (Zoom code ${code}): add it to the Server-to-Server app in the Zoom App Marketplace`,
    );
    expect(errorResponse(error, REQUEST_ID)).toMatchObject({ statusCode: 500 });
    expect(JSON.parse(errorResponse(error, REQUEST_ID).body).error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: code });
  });

  it('reads every scope Zoom lists, and says so when it lists none', () => {
    expect(scopesInMessage('Invalid access token, does not contain scopes:[meeting:read:admin, meeting:read:meeting:admin].')).toEqual([
      'meeting:read:admin',
      'meeting:read:meeting:admin',
    ]);
    const error = zoomError(answer(400, { code: 4711, message: 'Invalid access token.' }), MEETING, NOW);
    expect(error.message).toBe('the Zoom app lacks the scopes this call needs (Zoom code 4711): add them to the Server-to-Server app in the Zoom App Marketplace');
  });

  it.each([500, 502, 503, 504])('maps %i to ZOOM_UNAVAILABLE (502), which may have been applied', (status) => {
    const error = zoomError(answer(status, '<html>bad gateway</html>'), MEETING, NOW);
    expect(error).toBeInstanceOf(ZoomUnavailableError);
    expect((error as ZoomUnavailableError).mayHaveApplied).toBe(true);
    expect(errorResponse(error, REQUEST_ID).statusCode).toBe(502);
  });

  it('reads an error body that arrived as a JSON string', () => {
    const error = zoomError(answer(400, '{"code":3000,"message":"Not configured"}'), MEETING, NOW) as ZoomRejectedError;
    expect(error.zoom.zoomCode).toBe(3000);
  });

  it('maps 429 to RATE_LIMITED with Retry-After seconds in the HTTP answer', () => {
    const error = zoomError(answer(429, { code: 429, message: 'Too many requests' }, { 'retry-after': '7' }), MEETING, NOW);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect(errorResponse(error, REQUEST_ID).headers).toMatchObject({ 'retry-after': '7' });
    expect(isRepeatedStartRefusal(error)).toBe(false);
  });

  it("takes Zoom's 30 seconds from the live stream message when there is no header", () => {
    const message =
      'Too many requests submitted to start the live stream of this meeting: 85746065432. If the live stream has not already started, retry making a new request after 30 seconds.';
    const error = zoomError(answer(429, { code: 429, message }), MEETING, NOW) as RateLimitedError;
    expect(error.retryAfterMs).toBe(30_000);
    expect(isRepeatedStartRefusal(error)).toBe(true);
  });

  it.each([301, 302, 307, 308])('maps a %i redirect to CONFIGURATION_ERROR naming ZOOM_API_BASE_URL, not to a retry', (status) => {
    const error = zoomError(answer(status, '', { location: 'https://api.zoom.us/v2/meetings' }), MEETING, NOW);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`Zoom answered HTTP ${status} (redirect to https://api.zoom.us/v2/meetings): check ZOOM_API_BASE_URL`);
  });

  it('answers unknown errors with a bare 500 that reveals nothing', () => {
    const response = errorResponse(new Error('socket at 10.0.0.1 exploded'), REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('10.0.0.1');
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'INTERNAL_ERROR', requestId: REQUEST_ID });
  });

  it('answers a configuration error with the request id and without what it names', () => {
    const response = errorResponse(new ConfigurationError('secret "arn:aws:secretsmanager:eu-west-1:123456789012:secret:zoom-AbCdEf" has no webhookSecretToken'), REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body).error).toEqual({ code: 'CONFIGURATION_ERROR', message: expect.stringContaining(REQUEST_ID), requestId: REQUEST_ID });
    expect(response.body).not.toMatch(/arn:|123456789012|webhookSecretToken/);
  });

  it('answers AWS throttling 503 with Retry-After, not as a configuration error', () => {
    const response = errorResponse(new AwsThrottledError('reading table "zoom-meetings-Table1" was throttled (ThrottlingException)'), REQUEST_ID);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: REQUEST_ID });
    expect(response.body).not.toContain('zoom-meetings-Table1');
  });
});

describe('Retry-After parsing', () => {
  it.each([
    ['seconds', '30', 30_000],
    ['fractional seconds', '1.5', 1500],
    ['an HTTP date', 'Thu, 26 Nov 2026 08:55:45 GMT', 45_000],
    ['an ISO timestamp', '2026-11-26T08:56:00Z', 60_000],
    ['a date in the past', '2026-11-26T08:00:00Z', 0],
  ])('reads %s', (_, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-1', '1 2', 'Retry 2', 'Thursday'])('gives up on %p so the caller backs off instead', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});
