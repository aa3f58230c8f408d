import { redact, registerLongLivedSecret, registerSecret, scrub } from '../../functions/lib/core/redaction';
import { parseSecret } from '../../functions/lib/zoom/credentials';

describe('log redaction', () => {
  it('hides fields named like credentials', () => {
    expect(redact('Authorization', 'Bearer abc.def')).toBe('[REDACTED]');
    expect(redact('clientSecret', 'x')).toBe('[REDACTED]');
    expect(redact('accessToken', 'x')).toBe('[REDACTED]');
    // A live stream key lets anyone broadcast to the target: Zoom's live stream events carry it.
    expect(redact('stream_key', 'live-key-0123')).toBe('[REDACTED]');
    expect(redact('streamKey', 'live-key-0123')).toBe('[REDACTED]');
  });

  it('hides a registered secret wherever it appears in a string', () => {
    registerSecret('eyJhbGciOi.secret-token-value');
    expect(redact('message', 'request with eyJhbGciOi.secret-token-value failed')).toBe('request with [REDACTED] failed');
  });

  it('keeps ordinary fields, including the Zoom tracking id', () => {
    expect(redact('zoomTrackingId', 'v=2.0;clid=us05')).toBe('v=2.0;clid=us05');
    expect(redact('attempts', 3)).toBe(3);
  });
});

describe('scrubbing messages', () => {
  it('keeps the long-lived secret when many tokens have been registered since', () => {
    registerSecret('client-secret-registered-first');
    for (let i = 0; i < 40; i += 1) {
      registerSecret(`hourly-token-number-${i}`);
      if (i % 10 === 0) registerSecret('client-secret-registered-first');
    }
    expect(scrub('x client-secret-registered-first y')).toBe('x [REDACTED] y');
  });
});

describe('long-lived secrets', () => {
  it('are still scrubbed after 100 stream keys, without being read again', () => {
    parseSecret(
      'zoom/prod',
      JSON.stringify({
        accountId: 'acct-redaction-1',
        clientId: 'client-id-read-once-1',
        clientSecret: 'client-secret-read-once-1',
        webhookSecretToken: 'webhook-token-read-once-1',
        previousWebhookSecretToken: 'webhook-token-previous-1',
      }),
    );

    for (let i = 0; i < 100; i += 1) registerSecret(`stream-key-number-${i}`);

    const text = 'client-id-read-once-1 client-secret-read-once-1 webhook-token-read-once-1 webhook-token-previous-1 stream-key-number-99';
    expect(scrub(text)).toBe('[REDACTED] [REDACTED] [REDACTED] [REDACTED] [REDACTED]');
  });

  it('are not pushed out by registering them again as short-lived', () => {
    registerLongLivedSecret('long-lived-then-short-1');
    registerSecret('long-lived-then-short-1');
    for (let i = 0; i < 40; i += 1) registerSecret(`hourly-token-again-${i}`);
    expect(scrub('long-lived-then-short-1')).toBe('[REDACTED]');
  });
});
