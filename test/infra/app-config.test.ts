import { readAppConfig } from '../../infra/app-config';

function configOf(context: Record<string, unknown>) {
  return readAppConfig((key) => context[key]);
}

describe('readAppConfig', () => {
  it('defaults to a stack-created secret, Zoom public endpoints, JSON bodies and INFO logs', () => {
    const config = configOf({});

    expect(config).toEqual({
      secret: { kind: 'create' },
      kmsKeyArn: undefined,
      alarmEmail: undefined,
      zoom: { apiBaseUrl: 'https://api.zoom.us/v2', oauthTokenUrl: 'https://zoom.us/oauth/token', bodyEncoding: 'json' },
      logLevel: 'INFO',
      throttle: { rateLimit: 5, burstLimit: 10 },
    });
  });

  it('imports a secret by name or by ARN', () => {
    expect(configOf({ secretName: 'zoom/prod' }).secret).toEqual({ kind: 'name', secretName: 'zoom/prod' });
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:zoom-AbCdEf';
    expect(configOf({ secretArn: arn }).secret).toEqual({ kind: 'arn', secretArn: arn });
  });

  it.each([
    [{ secretName: 'a', secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:a' }, /"secretArn".*not both/],
    [{ secretName: '' }, /"secretName": is empty/],
    [{ secretName: 'has space' }, /"secretName"/],
    [{ secretName: 42 }, /"secretName": expected a string/],
    [{ secretArn: 'zoom/prod' }, /"secretArn": expected arn:aws:secretsmanager/],
    [{ kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/zoom' }, /"kmsKeyArn".*alias ARNs/],
    [{ alarmEmail: '' }, /"alarmEmail": is empty/],
    [{ zoomApiBaseUrl: 'not a url' }, /"zoomApiBaseUrl": "not a url" is not a URL/],
    [{ zoomOauthTokenUrl: 'http://zoom.example.com/oauth/token' }, /"zoomOauthTokenUrl": expected an https:\/\/ URL/],
    [{ zoomBodyEncoding: 'xml' }, /"zoomBodyEncoding": expected one of json, multipart/],
    [{ logLevel: 'TRACE' }, /"logLevel": expected one of DEBUG, INFO, WARN, ERROR/],
    [{ apiRateLimit: '0' }, /"apiRateLimit": expected a positive number/],
    [{ apiBurstLimit: '2.5' }, /"apiBurstLimit": expected a positive integer/],
  ])('rejects %j naming the key', (context, message) => {
    expect(() => configOf(context)).toThrow(message);
  });

  it('accepts plain http only towards a simulator on this machine', () => {
    expect(configOf({ zoomApiBaseUrl: 'http://127.0.0.1:8080/v2' }).zoom.apiBaseUrl).toBe('http://127.0.0.1:8080/v2');
  });
});
