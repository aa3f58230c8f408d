import { redact, registerSecret, scrub } from '../../functions/lib/core/redaction';

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
