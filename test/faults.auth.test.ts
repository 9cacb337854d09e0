// Authentication faults, against the local HighLevel sandbox over real HTTP where it models the behaviour (token
// expiry, refresh-token rotation, scopes, suspended sub-accounts, agency tokens, other sub-accounts), nock where
// it does not (network failures and odd answers of the token endpoint). Each fault ends in the Zapier error class
// that makes Zapier do the right thing — RefreshAuthError: refresh and retry; ExpiredAuthError: ask the user to
// reconnect, never loop through refreshes — with a message that says what to do and never carries a secret.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { App, appTester, bundle, explain, failure, ghlApi } from './helpers.js';
import { soloRun } from './faults.support.js';
import { forgetRotations } from '../authentication.js';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox, TokenResponse } from '../sandbox/server.js';

const oauth = (App.authentication as any).oauth2Config;
const refresh = (authData: Record<string, unknown>): Promise<any> => appTester(oauth.refreshAccessToken, { ...bundle(), authData });

let sandbox: Sandbox;
/** Every request the sandbox answered: "POST /oauth/token → 200". */
let served: string[] = [];
const saved = { api: process.env.GHL_API_BASE_URL, secret: process.env.CLIENT_SECRET };

beforeAll(async () => {
  sandbox = await startSandbox({
    accessTokenTtlSeconds: 3600,
    rateLimit: false,
    log: (line) => {
      if (line.startsWith('sandbox error')) throw new Error(line);
      served.push(line.replace(/ \([\d.]+ ms\)$/, ''));
    },
  });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  process.env.GHL_API_BASE_URL = sandbox.url;
  sandbox.store.reset();
  served = [];
});
afterEach(() => {
  if (saved.api === undefined) delete process.env.GHL_API_BASE_URL;
  else process.env.GHL_API_BASE_URL = saved.api;
  process.env.CLIENT_SECRET = saved.secret;
});

/** authData as Zapier stores it after a connection (the token response plus the computed fields). */
const connect = (grant: Parameters<Sandbox['issueToken']>[0] = {}, locationId: string = SEED.locationId) => {
  const t: TokenResponse = sandbox.issueToken(grant);
  return { access_token: t.access_token, refresh_token: t.refresh_token, locationId, companyId: t.companyId, userId: t.userId };
};
const withAuth = (authData: Record<string, unknown>, input: Record<string, unknown>) => ({ ...bundle(input), authData });
const getAda = (authData: Record<string, unknown>) =>
  soloRun('searches', 'get_contact', withAuth(authData, { contactId: SEED.contacts.ada }));
const noteOnAda = (authData: Record<string, unknown>, text = 'Called about the renewal.') =>
  soloRun('creates', 'create_note', withAuth(authData, { contactId: SEED.contacts.ada, body: text }));
const notesOfAda = () => [...sandbox.store.primary.notes.values()].filter((n) => n.contactId === SEED.contacts.ada).length;
const tokenRequests = () => served.filter((l) => l.startsWith('POST /oauth/token'));
const secretsOf = (a: Record<string, unknown>) => [a.access_token, a.refresh_token, process.env.CLIENT_SECRET].map(String);
const expectNoSecret = (message: string, authData: Record<string, unknown>) => {
  for (const secret of secretsOf(authData)) expect(message).not.toContain(secret);
};

describe('a token that expires in the middle of a Zap', () => {
  it('first step fine; after the clock passes expiry the next step asks for a refresh; after the refresh its retry works, once', async () => {
    const auth = connect();
    expect(await getAda(auth)).toEqual([expect.objectContaining({ id: SEED.contacts.ada, firstName: 'Ada' })]);

    sandbox.store.advanceClock(3601_000);
    const before = notesOfAda();
    const e = await failure(noteOnAda(auth));
    expect(explain(e)).toMatchObject({
      name: 'RefreshAuthError',
      message: expect.stringMatching(/access token has expired or is invalid; Zapier will refresh it and retry/),
    });
    expectNoSecret(e.message, auth);
    expect(notesOfAda()).toBe(before); // the rejected write changed nothing

    const renewed = await refresh(auth);
    expect(renewed).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      locationId: SEED.locationId,
      companyId: SEED.companyId,
      userId: SEED.userId,
    });
    expect(renewed.access_token).not.toBe(auth.access_token);
    expect(renewed.refresh_token).not.toBe(auth.refresh_token); // HighLevel rotates it; Zapier must store the new one

    expect(await noteOnAda(renewed)).toMatchObject({ contactId: SEED.contacts.ada, body: 'Called about the renewal.' });
    expect(notesOfAda()).toBe(before + 1);
    expect(tokenRequests()).toEqual(['POST /oauth/token → 200']);
  });

  it('the connection test ("Test connection") asks for a refresh the same way', async () => {
    const auth = connect();
    expect(await appTester((App.authentication as any).test, withAuth(auth, {}))).toMatchObject({ id: SEED.locationId });
    sandbox.store.advanceClock(3601_000);
    expect((await failure(appTester((App.authentication as any).test, withAuth(auth, {})))).name).toBe('RefreshAuthError');
  });
});

describe('a rotated refresh token used twice', () => {
  it('two runs refreshing with the same token at once: both end with the same new pair, and it works', async () => {
    const auth = connect();
    const [a, b] = await Promise.all([refresh(auth), refresh(auth)]);
    expect(a.access_token).not.toBe(auth.access_token);
    expect(b).toEqual(a); // the loser got invalid_grant from HighLevel and took the winner's pair from z.cache
    expect(tokenRequests().sort()).toEqual(['POST /oauth/token → 200', 'POST /oauth/token → 400']);
    expect(await noteOnAda(b)).toMatchObject({ contactId: SEED.contacts.ada });
    expect(await refresh(b)).toMatchObject({ locationId: SEED.locationId }); // the shared refresh token is the live one
  });

  it('a run that refreshes a moment after another (same spent token) gets the same pair, not "reconnect"', async () => {
    const auth = connect();
    const renewed = await refresh(auth);
    expect(await refresh(auth)).toEqual(renewed);
    expect(tokenRequests()).toEqual(['POST /oauth/token → 200', 'POST /oauth/token → 400']);
  });

  it('a spent token nobody rotated for us (the handover gone) still ends in ExpiredAuthError saying to reconnect', async () => {
    const auth = connect();
    await refresh(auth);
    (appTester as any).zcacheTestObj = {};
    forgetRotations();
    const e = await failure(refresh(auth));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/would not renew this connection \(HighLevel said: "Invalid grant: refresh token is invalid"\)/);
    expect(e.message).toMatch(/renewed elsewhere\. Reconnect HighLevel in Zapier\./);
    expectNoSecret(e.message, auth);
  });
});

describe('a refresh HighLevel rejects', () => {
  it("an unknown refresh token (app uninstalled, token revoked) → ExpiredAuthError naming HighLevel's reason", async () => {
    const auth = { ...connect(), refresh_token: 'eyJhbGciOiJIUzI1NiJ9.revoked.signature' };
    const e = await failure(refresh(auth));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/HighLevel said: "Invalid grant: refresh token is invalid".*uninstalled from the sub-account/);
    expectNoSecret(e.message, auth);
  });

  it("the integration's client secret no longer valid → ExpiredAuthError, and the secret is not echoed", async () => {
    const auth = connect();
    process.env.CLIENT_SECRET = 'rotated-client-secret-value';
    const e = await failure(refresh(auth));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/HighLevel said: "Invalid client: client is invalid"/);
    expect(e.message).not.toMatch(/rotated-client-secret-value|test-client-secret/);
  });

  it('the token endpoint unreachable (nock: connection reset) → ThrottledError (Zapier retries), not a raw network error', async () => {
    delete process.env.GHL_API_BASE_URL;
    ghlApi()
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const e = await failure(refresh(connect()));
    expect(explain(e)).toMatchObject({
      name: 'ThrottledError',
      delay: 60,
      message: expect.stringMatching(/could not be reached to issue a token.*Zapier will retry/),
    });
  });

  it('the token endpoint answering an HTML page with 200 (nock) → a clear error, not a crash', async () => {
    delete process.env.GHL_API_BASE_URL;
    ghlApi().post('/oauth/token').reply(200, '<html><body>Maintenance</body></html>', { 'Content-Type': 'text/html' });
    const e = await failure(refresh(connect()));
    expect(explain(e)).toMatchObject({ name: 'AppError', code: 'oauth_error', message: expect.stringMatching(/without an access token/) });
  });
});

describe('a token without a scope the step needs', () => {
  it('→ ExpiredAuthError that says to reconnect and approve every permission; no refresh is attempted', async () => {
    const auth = connect({ scopes: sandbox.allScopes.filter((s) => s !== 'contacts.write') });
    expect(await getAda(auth)).toHaveLength(1); // reading still works with this token

    const e = await failure(noteOnAda(auth));
    expect(e.name).toBe('ExpiredAuthError'); // not RefreshAuthError: Zapier must not refresh (it cannot add a scope)
    expect(e.message).toMatch(/made without a permission this step needs.*Reconnect HighLevel in Zapier and approve every permission/);
    expectNoSecret(e.message, auth);
    expect(tokenRequests()).toEqual([]);
    expect(sandbox.store.refreshTokens.get(auth.refresh_token)?.used).toBe(false);
    expect(served.filter((l) => l.startsWith('POST /contacts/'))).toEqual([`POST /contacts/${SEED.contacts.ada}/notes → 401`]);
  });

  it('the same for a read and for the connection test', async () => {
    const auth = connect({ scopes: ['contacts.write'] });
    expect((await failure(getAda(auth))).name).toBe('ExpiredAuthError');
    expect((await failure(appTester((App.authentication as any).test, withAuth(auth, {})))).name).toBe('ExpiredAuthError');
    expect(tokenRequests()).toEqual([]);
  });
});

describe('a suspended sub-account', () => {
  it('its refresh is refused with a message that says the sub-account is not active and what to do', async () => {
    const auth = connect();
    sandbox.store.setLocationActive(false);
    const e = await failure(refresh(auth));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/HighLevel said: "Location is not active"/);
    expect(e.message).toMatch(
      /sub-account is not active — it may be suspended or its billing failed\. Ask the agency to reactivate it, then reconnect HighLevel in Zapier\./,
    );
    expectNoSecret(e.message, auth);

    sandbox.store.setLocationActive(true);
    expect(await refresh(auth)).toMatchObject({ locationId: SEED.locationId }); // the refused attempt did not burn the token
  });
});

describe('a connection to the wrong kind of account', () => {
  it('an agency (Company) token on a sub-account endpoint → ExpiredAuthError: reconnect and choose a sub-account', async () => {
    const auth = connect({ userType: 'Company' });
    const e = await failure(getAda(auth));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/for an agency.*choose a sub-account/);
  });

  it('a token of another sub-account → a clear "cannot reach it" error, not a refresh', async () => {
    const auth = connect({ locationId: SEED.otherLocationId }, SEED.locationId);
    const e = await failure(noteOnAda(auth));
    expect(explain(e)).toMatchObject({ name: 'AppError', code: 'forbidden', status: 403 });
    expect(e.message).toMatch(/does not have access to this location/);
    expect(tokenRequests()).toEqual([]);
  });
});
