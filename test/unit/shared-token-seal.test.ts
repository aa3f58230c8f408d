import { fingerprintOf, openToken, sealToken, sharedTokenKey } from '../../functions/lib/zoom/fleet-token';

const APP = { accountId: 'acc-1', clientId: 'client-1', clientSecret: 'client-secret-value-1' };
const TOKEN = 'eyJ.zoom-access-token.value';

it('seals a token that only the holder of the client secret opens', () => {
  const sealed = sealToken(TOKEN, APP, 1_800_000_000_000);

  expect(openToken(sealed, APP)).toBe(TOKEN);
  expect(openToken(sealed, { ...APP, clientSecret: 'rotated-client-secret' })).toBeUndefined();
  expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain('zoom-access-token');
});

it('names the token by a fingerprint that reveals nothing of it', () => {
  const sealed = sealToken(TOKEN, APP, 0);

  expect(sealed.fingerprint).toBe(fingerprintOf(TOKEN));
  expect(sealed.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  expect(sealed.fingerprint).not.toContain('zoom');
});

it('refuses a sealed token that was altered', () => {
  const sealed = sealToken(TOKEN, APP, 0);
  const bytes = Buffer.from(sealed.ciphertext, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;

  expect(openToken({ ...sealed, ciphertext: bytes.toString('base64') }, APP)).toBeUndefined();
});

it('keeps one shared token per Server-to-Server app, under a key that hides the account', () => {
  expect(sharedTokenKey(APP)).toBe(sharedTokenKey({ ...APP, clientSecret: 'other' }));
  expect(sharedTokenKey(APP)).not.toBe(sharedTokenKey({ ...APP, clientId: 'client-2' }));
  expect(sharedTokenKey(APP)).toMatch(/^token#[0-9a-f]{24}$/);
});
