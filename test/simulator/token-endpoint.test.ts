import { SIMULATOR_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { basicAuth, http, requestToken } from './http';

describe('Zoom simulator: S2S OAuth token endpoint', () => {
  let sim: ZoomSimulator;

  beforeAll(async () => {
    sim = await startZoomSimulator({ tokenTtlSeconds: 1800 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('issues an opaque bearer token for valid client credentials and counts the exchange', async () => {
    const response = await requestToken(sim);

    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      access_token: expect.stringMatching(/^\S{20,}$/),
      token_type: 'bearer',
      expires_in: 1800,
      scope: expect.stringContaining('meeting:'),
      api_url: sim.baseUrl,
    });
    expect(sim.tokenExchanges).toBe(1);
    expect(response.headers['x-zm-trackingid']).toEqual(expect.any(String));
  });

  it('issues a different token on every exchange', async () => {
    const first = await requestToken(sim);
    const second = await requestToken(sim);

    expect(first.data.access_token).not.toBe(second.data.access_token);
    expect(sim.tokenExchanges).toBe(2);
  });

  it.each([
    ['a wrong secret', basicAuth(SIMULATOR_CREDENTIALS.clientId, 'wrong')],
    ['an unknown client id', basicAuth('nobody', SIMULATOR_CREDENTIALS.clientSecret)],
    ['no Authorization header', undefined],
    ['a Bearer instead of Basic header', 'Bearer abc'],
  ])('refuses %s with invalid_client', async (_, authorization) => {
    const response = await http.post(sim.tokenUrl, undefined, {
      params: { grant_type: 'account_credentials', account_id: SIMULATOR_CREDENTIALS.accountId },
      headers: authorization ? { Authorization: authorization } : {},
    });

    expect(response.status).toBe(400);
    expect(response.data).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    expect(sim.tokenExchanges).toBe(0);
    expect(sim.tokenRequests[0]?.authorized).toBe(false);
  });

  it('answers invalid_client with 401 when configured so', async () => {
    const strict = await startZoomSimulator({ invalidClientStatus: 401 });
    try {
      const response = await requestToken(strict, { ...SIMULATOR_CREDENTIALS, clientSecret: 'wrong' });
      expect(response.status).toBe(401);
      expect(response.data.error).toBe('invalid_client');
    } finally {
      await strict.close();
    }
  });

  it('refuses another grant type with unsupported_grant_type', async () => {
    const response = await requestToken(sim, SIMULATOR_CREDENTIALS, 'client_credentials');

    expect(response.status).toBe(400);
    expect(response.data).toEqual({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
  });

  it('refuses a missing grant type or account id with invalid_request', async () => {
    const auth = { Authorization: basicAuth(SIMULATOR_CREDENTIALS.clientId, SIMULATOR_CREDENTIALS.clientSecret) };
    const noGrant = await http.post(sim.tokenUrl, undefined, { params: { account_id: SIMULATOR_CREDENTIALS.accountId }, headers: auth });
    const noAccount = await http.post(sim.tokenUrl, undefined, { params: { grant_type: 'account_credentials' }, headers: auth });
    const otherAccount = await requestToken(sim, { ...SIMULATOR_CREDENTIALS, accountId: 'someoneElse' });

    expect([noGrant.status, noAccount.status, otherAccount.status]).toEqual([400, 400, 400]);
    expect([noGrant.data.error, noAccount.data.error, otherAccount.data.error]).toEqual([
      'invalid_request',
      'invalid_request',
      'invalid_request',
    ]);
    expect(sim.tokenExchanges).toBe(0);
  });

  it('accepts the parameters as a form body too', async () => {
    const response = await http.post(
      sim.tokenUrl,
      `grant_type=account_credentials&account_id=${SIMULATOR_CREDENTIALS.accountId}`,
      {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: basicAuth(SIMULATOR_CREDENTIALS.clientId, SIMULATOR_CREDENTIALS.clientSecret),
        },
      },
    );

    expect(response.status).toBe(200);
  });

  it('accepts an account added at run time', async () => {
    const account = { accountId: 'acc2', clientId: 'client2', clientSecret: 'secret2' };
    sim.addAccount(account);

    expect((await requestToken(sim, account)).status).toBe(200);
  });

  it('records the request with the Authorization header redacted', async () => {
    await requestToken(sim);

    const [recorded] = sim.tokenRequests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/oauth/token',
      query: { grant_type: 'account_credentials', account_id: SIMULATOR_CREDENTIALS.accountId },
      authScheme: 'Basic',
      authorized: true,
      status: 200,
    });
    expect(recorded?.headers.authorization).toBe('Basic <redacted>');
    expect(JSON.stringify(sim.requests)).not.toContain(
      Buffer.from(`${SIMULATOR_CREDENTIALS.clientId}:${SIMULATOR_CREDENTIALS.clientSecret}`).toString('base64'),
    );
  });
});
