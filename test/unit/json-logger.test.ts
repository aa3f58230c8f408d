import type { Context } from 'aws-lambda';
import { JsonLogger } from '../../functions/lib/core/logger';
import { registerSecret } from '../../functions/lib/core/redaction';

function capture(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  try {
    run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const context = (requestId: string) =>
  ({ functionName: 'zoom-start', awsRequestId: requestId, invokedFunctionArn: 'arn:aws:lambda:eu-central-1:1:function:zoom-start', memoryLimitInMB: '256' }) as Context;

it('writes one JSON object per line with level, message, time, service and the fields', () => {
  const [line] = capture(() => new JsonLogger('zoom-livestream', {}).info('live stream request', { meetingId: '85746065432' }));

  expect(line).toEqual({ level: 'INFO', message: 'live stream request', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: 'zoom-livestream', meetingId: '85746065432' });
});

it('takes the level from AWS_LAMBDA_LOG_LEVEL before POWERTOOLS_LOG_LEVEL before LOG_LEVEL', () => {
  const levels = (env: Record<string, string>) => capture(() => {
    const logger = new JsonLogger('s', env);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
  }).map((line) => line.level);

  expect(levels({ LOG_LEVEL: 'debug' })).toEqual(['DEBUG', 'INFO', 'WARN']);
  expect(levels({ LOG_LEVEL: 'debug', POWERTOOLS_LOG_LEVEL: 'WARN' })).toEqual(['WARN']);
  expect(levels({ POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_LAMBDA_LOG_LEVEL: 'INFO' })).toEqual(['INFO', 'WARN']);
  expect(levels({})).toEqual(['INFO', 'WARN']);
});

it('marks the first invocation of a container as its cold start, and names the request', () => {
  const logger = new JsonLogger('s', {});
  const lines = capture(() => {
    logger.addContext(context('first'));
    logger.info('one');
    logger.addContext(context('second'));
    logger.info('two');
  });

  expect(lines.map((line) => [line.cold_start, line.function_request_id, line.function_name])).toEqual([
    [true, 'first', 'zoom-start'],
    [false, 'second', 'zoom-start'],
  ]);
});

it('keeps its own keys from being overwritten by a field of the same name', () => {
  const [line] = capture(() => new JsonLogger('s', {}).warn('retrying', { message: 'Zoom answered HTTP 503', level: 'DEBUG' }));

  expect(line).toMatchObject({ level: 'WARN', message: 'retrying' });
});

it('hides secret-named fields and registered secret values', () => {
  registerSecret('sim_registered-secret-value');
  const [line] = capture(() => new JsonLogger('s', {}).error('failed', { authorization: 'Bearer abc', errorMessage: 'token sim_registered-secret-value refused' }));

  expect(line).toMatchObject({ authorization: '[REDACTED]', errorMessage: 'token [REDACTED] refused' });
});
