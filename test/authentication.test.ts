import { describe, expect, it } from '@jest/globals';
import { SCOPES } from '../lib/config.js';
import {
  ACCESS_TOKEN,
  App,
  COMPANY_ID,
  LOCATION_ID,
  REFRESH_TOKEN,
  USER_ID,
  appTester,
  bundle,
  failure,
  ghlApi,
  ghlError,
} from './helpers.js';

const oauth = (App.authentication as any).oauth2Config;
const auth = App.authentication as any;

const tokenResponse = (over: Record<string, unknown> = {}) => ({
  access_token: 'new-access-token',
  token_type: 'Bearer',
  expires_in: 86399,
  refresh_token: 'new-refresh-token',
  scope: SCOPES.join(' '),
  userType: 'Location',
  locationId: LOCATION_ID,
  companyId: COMPANY_ID,
  userId: USER_ID,
  ...over,
});

describe('authorize URL', () => {
  it('sends the user to the marketplace chooselocation page with every scope, the redirect and the state', async () => {
    const url = new URL(
      await appTester(oauth.authorizeUrl, {
        inputData: { state: 'st4te', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/' },
      } as any),
    );
    expect(url.origin + url.pathname).toBe('https://marketplace.gohighlevel.com/v2/oauth/chooselocation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'test-client-id',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      scope: SCOPES.join(' '),
      state: 'st4te',
    });
  });

  it('uses the white-label marketplace host when GHL_MARKETPLACE_URL says so', async () => {
    process.env.GHL_MARKETPLACE_URL = 'https://marketplace.leadconnectorhq.com/';
    try {
      const url = await appTester(oauth.authorizeUrl, { inputData: { state: 's', redirect_uri: 'https://r.example/' } } as any);
      expect(url).toMatch(/^https:\/\/marketplace\.leadconnectorhq\.com\/v2\/oauth\/chooselocation\?/);
    } finally {
      delete process.env.GHL_MARKETPLACE_URL;
    }
  });

  it('asks for the least scopes that cover contacts, tags, tasks, notes, custom fields, users, calendars and appointments', () => {
    expect(oauth.scope).toBe(SCOPES.join(' '));
    expect(SCOPES).toEqual(
      expect.arrayContaining(['contacts.write', 'locations/customFields.readonly', 'users.readonly', 'calendars/events.write']),
    );
    expect(SCOPES).toEqual(expect.arrayContaining(['oauth.readonly', 'oauth.write'])); // agency connections (lib/agency.ts)
    expect(SCOPES.some((s) => /^(businesses|opportunities|conversations)/.test(s))).toBe(false);
    expect(oauth.autoRefresh).toBe(false); // see authentication.ts: a scope 401 must not loop through refreshes
  });
});

describe('code exchange', () => {
  it('posts a form body with user_type=Location and keeps locationId, companyId and userId', async () => {
    let sent: any;
    ghlApi()
      .post('/oauth/token', (body) => ((sent = body), true))
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(200, tokenResponse());
    const result = await appTester(oauth.getAccessToken, { inputData: { code: 'c0de', redirect_uri: 'https://r.example/' } } as any);
    expect(sent).toEqual({
      client_id: 'test-client-id',
      client_secret: 'test-client-secret',
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: 'https://r.example/',
      user_type: 'Location',
    });
    expect(result).toEqual({
      access_token: 'new-access-token',
      refresh_token: 'new-refresh-token',
      locationId: LOCATION_ID,
      companyId: COMPANY_ID,
      userId: USER_ID,
      userType: 'Location',
    });
  });

  it('explains a rejected code without echoing the secret', async () => {
    ghlApi().post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'Invalid grant: authorization code is invalid' });
    const error = await failure(appTester(oauth.getAccessToken, { inputData: { code: 'bad', redirect_uri: 'r' } } as any));
    expect(error.message).toMatch(/did not accept the sign-in.*invalid_grant/);
    expect(error.message).not.toMatch(/test-client-secret/);
  });
});

describe('refresh', () => {
  it('returns the rotated refresh token so Zapier stores it, and keeps the computed fields', async () => {
    let sent: any;
    ghlApi()
      .post('/oauth/token', (body) => ((sent = body), true))
      .reply(200, tokenResponse({ access_token: 'a2', refresh_token: 'r2', locationId: undefined }));
    const result = await appTester(oauth.refreshAccessToken, bundle());
    expect(sent).toMatchObject({ grant_type: 'refresh_token', refresh_token: REFRESH_TOKEN, user_type: 'Location' });
    expect(result).toEqual({ access_token: 'a2', refresh_token: 'r2', locationId: LOCATION_ID, companyId: COMPANY_ID, userId: USER_ID });
  });

  it('marks the connection expired with a clear reason when the sub-account is not active', async () => {
    ghlApi().post('/oauth/token').reply(400, ghlError(400, 'Location is not active'));
    const error = await failure(appTester(oauth.refreshAccessToken, bundle()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/not active.*suspended.*reconnect/i);
    expect(error.message).not.toContain(REFRESH_TOKEN);
  });

  it('treats a used (rotated) refresh token as a reconnect, not a retry loop', async () => {
    ghlApi().post('/oauth/token').reply(401, { statusCode: 401, message: 'Invalid refresh token' });
    const b = bundle();
    b.authData.refresh_token = 'rt-nobody-rotated-0123'; // not one an earlier test refreshed (that would be handed over)
    const error = await failure(appTester(oauth.refreshAccessToken, b));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Reconnect HighLevel/);
  });

  it('retries later when the token endpoint is down or throttled', async () => {
    ghlApi().post('/oauth/token').reply(503, 'Service Unavailable');
    expect((await failure(appTester(oauth.refreshAccessToken, bundle()))).name).toBe('ThrottledError');
  });
});

describe('connection test and label', () => {
  it('reads the connected location and labels the connection with its name', async () => {
    ghlApi()
      .get(`/locations/${LOCATION_ID}`)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .matchHeader('version', '2021-07-28')
      .reply(200, { location: { id: LOCATION_ID, name: 'Acme Dental — Downtown', companyId: COMPANY_ID } });
    const location = await appTester(auth.test, bundle());
    expect(location).toMatchObject({ id: LOCATION_ID, name: 'Acme Dental — Downtown' });
    expect(await appTester(auth.connectionLabel, { ...bundle(location as any) })).toBe('Acme Dental — Downtown');
  });

  it('an expired token makes Zapier refresh (RefreshAuthError)', async () => {
    ghlApi().get(`/locations/${LOCATION_ID}`).reply(401, { statusCode: 401, message: 'Invalid JWT' });
    expect((await failure(appTester(auth.test, bundle()))).name).toBe('RefreshAuthError');
  });

  it('a missing scope asks for a reconnect and never loops through refreshes', async () => {
    ghlApi().get(`/locations/${LOCATION_ID}`).reply(401, { statusCode: 401, message: 'The token is not authorized for this scope.' });
    const error = await failure(appTester(auth.test, bundle()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Reconnect HighLevel.*approve every permission/);
  });

  it('a connection without a location (agency token) says what to do, before any request', async () => {
    const b = bundle();
    delete b.authData.locationId;
    const error = await failure(appTester(auth.test, b));
    expect(error.message).toMatch(/not tied to a sub-account.*choose a sub-account/);
  });
});
