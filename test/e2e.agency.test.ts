// End to end, agency connections on the local HighLevel sandbox over real HTTP: consent for the whole agency →
// Company token kept → the connection test and label → the Sub-Account dropdown (installed sub-accounts only,
// searchable) → a flow run in the second sub-account, its own custom fields resolved by key → location tokens
// minted once and cached, minted again after HighLevel stops taking one → a sub-account without the app named in
// the error → two refreshes of one connection at once both survive, a spent refresh token still ends the connection.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import zapier from 'zapier-platform-core';
import App from '../index.js';
import { forgetRotations } from '../authentication.js';
import { forgetMintedTokens } from '../lib/agency.js';
import { SEED } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';
import { authDataOf, startSandboxForApp, stepMeta } from '../sandbox/zapier.js';

const app = App as any;
const appTester = zapier.createAppTester(App) as ((fn: unknown, bundle: Record<string, unknown>) => Promise<any>) & {
  zcacheTestObj: Record<string, unknown>;
};
const oauth = app.authentication.oauth2Config;
const { otherLocationId: harbor, locationId: brightSmile, uninstalledLocationId: lakeside } = SEED;

let sandbox: Sandbox;
let agency: Record<string, string>;
const requests: string[] = [];
const mints = () => requests.filter((line) => line.startsWith('POST /oauth/locationToken')).length;

beforeAll(async () => {
  sandbox = await startSandboxForApp({
    port: 0,
    clientId: process.env.CLIENT_ID,
    clientSecret: process.env.CLIENT_SECRET,
    locationTokenTtlSeconds: 3600,
    log: (line) => requests.push(line),
  });
});
afterAll(() => sandbox?.close());
beforeEach(() => {
  sandbox.store.reset();
  sandbox.store.setClock(Date.now());
  forgetMintedTokens();
  forgetRotations();
  appTester.zcacheTestObj = {};
  requests.length = 0;
  agency = authDataOf(sandbox.issueToken({ userType: 'Company' }));
});

const bundle = (inputData: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
  authData: { ...agency },
  inputData,
  meta: stepMeta(meta),
});
const run = (group: 'triggers' | 'creates' | 'searches', key: string, inputData: Record<string, unknown>) =>
  appTester(app[group][key].operation.perform, bundle(inputData));
/** The input fields Zapier shows for a step: static ones as they are, dynamic ones as their function returns them. */
async function fieldsOf(group: 'triggers' | 'creates' | 'searches', key: string, inputData: Record<string, unknown>) {
  const out: any[] = [];
  for (const field of app[group][key].operation.inputFields ?? []) {
    if (typeof field === 'function') out.push(...(await appTester(field, bundle(inputData))));
    else out.push(field);
  }
  return out;
}

describe('an agency connection on the sandbox', () => {
  it('connects for the whole agency: a Company token is kept, tested with installedLocations, labelled with the count', async () => {
    const redirectUri = 'https://zapier.com/dashboard/auth/oauth/return/App123456CLIAPI/';
    const authorizeUrl: string = await appTester(oauth.authorizeUrl, { inputData: { state: 's', redirect_uri: redirectUri } });
    const page = await (await fetch(authorizeUrl)).text();
    expect(page).toContain('The whole agency: Summit Growth Agency');
    const allow = new URL(authorizeUrl);
    allow.searchParams.set('auto', '1');
    allow.searchParams.set('locationId', 'agency');
    const back = new URL((await fetch(allow, { redirect: 'manual' })).headers.get('location')!);

    const tokens = await appTester(oauth.getAccessToken, { inputData: { code: back.searchParams.get('code'), redirect_uri: redirectUri } });
    expect(tokens).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      locationId: '',
      companyId: SEED.companyId,
      userId: SEED.userId,
      userType: 'Company',
    });
    const tested = await appTester(app.authentication.test, { authData: tokens, inputData: {}, meta: stepMeta() });
    expect(tested).toMatchObject({ companyId: SEED.companyId, subAccounts: 2 });
    const label = await appTester(app.authentication.connectionLabel, { authData: tokens, inputData: tested, meta: stepMeta() });
    expect(label).toBe(`Agency ${SEED.companyId} — 2 sub-accounts`);
  });

  it('lists the sub-accounts where the app is installed, and finds one by name', async () => {
    const all = await run('triggers', 'sub_account_list', {});
    expect(all.map((s: any) => s.id)).toEqual([brightSmile, harbor]); // not Lakeside Pediatrics: the app is not installed there
    expect(all[1].name).toContain('Harbor Fitness Studio');
    const found = await run('triggers', 'sub_account_list', { search: 'harbor' });
    expect(found.map((s: any) => s.id)).toEqual([harbor]);
  });

  it("runs a flow in the second sub-account with that sub-account's own custom fields, resolved by key", async () => {
    const fields = await fieldsOf('creates', 'create_contact', { locationId: harbor });
    expect(fields[0]).toMatchObject({ key: 'locationId', label: 'Sub-Account', required: true, altersDynamicFields: true });
    const custom = fields.find((f) => f.key === 'customField_preferred_appointment_time');
    expect(custom).toMatchObject({ label: 'Preferred Class Time' }); // Harbor's field, not Bright Smile's dropdown

    const created = await run('creates', 'create_contact', {
      locationId: harbor,
      firstName: 'Noor',
      email: 'noor.haddad@example.com',
      customField_preferred_appointment_time: 'Saturday mornings',
    });
    const stored = sandbox.store.loc(harbor).contacts.get(created.id)!;
    expect(stored).toBeDefined();
    expect(sandbox.store.loc(brightSmile).contacts.has(created.id)).toBe(false);
    expect(stored.customFields).toEqual({ [SEED.otherPreferredTime]: 'Saturday mornings' });

    const found = await run('searches', 'find_contact', { locationId: harbor, email: 'noor.haddad@example.com' });
    expect(found.map((c: any) => c.id)).toEqual([created.id]);
    // Three steps in one sub-account: one location token minted, then taken from the cache.
    expect(mints()).toBe(1);
  });

  it('mints again, once, when HighLevel no longer takes a cached location token', async () => {
    await run('searches', 'get_contact', { locationId: brightSmile, contactId: SEED.contacts.grace });
    expect(mints()).toBe(1);
    sandbox.store.advanceClock(3601 * 1000); // the location token has expired at HighLevel; the Company token has not
    const again = await run('searches', 'get_contact', { locationId: brightSmile, contactId: SEED.contacts.grace });
    expect(again.map((c: any) => c.id)).toEqual([SEED.contacts.grace]);
    expect(mints()).toBe(2);
    expect(requests.filter((line) => line.includes(`/contacts/${SEED.contacts.grace}`)).map((l) => l.split(' → ')[1]?.slice(0, 3))).toEqual(
      ['200', '401', '200'],
    );
  });

  it('names a sub-account without the app and says what to do', async () => {
    const error = await run('searches', 'get_contact', { locationId: lakeside, contactId: SEED.contacts.grace }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const said = JSON.parse(error.message); // a Zapier error: message, code, status
    expect(said).toMatchObject({ code: 'sub_account_unavailable', status: 400 });
    expect(said.message).toContain(`sub-account "${lakeside}"`);
    expect(said.message).toContain('This app is not installed in the location');
    expect(said.message).toMatch(/install the app there/);
    expect(error.message).not.toContain(agency.access_token);
  });

  it('survives two refreshes at once: both runs end with the same new tokens; a spent refresh token still ends it', async () => {
    const [first, second] = await Promise.all([
      appTester(oauth.refreshAccessToken, bundle()),
      appTester(oauth.refreshAccessToken, bundle()),
    ]);
    expect(first.refresh_token).not.toBe(agency.refresh_token);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ userType: 'Company', companyId: SEED.companyId, locationId: '' });
    expect(requests.filter((line) => line.startsWith('POST /oauth/token')).map((l) => l.split(' → ')[1]?.slice(0, 3))).toEqual([
      '200',
      '400',
    ]);
    // The new pair works for a step; the spent refresh token, once no run that rotated it is near, ends the connection.
    const spentToken = agency.refresh_token;
    agency = { ...agency, ...first };
    expect((await run('triggers', 'sub_account_list', {})).length).toBe(2);
    forgetRotations();
    appTester.zcacheTestObj = {};
    const spent = await appTester(oauth.refreshAccessToken, { ...bundle(), authData: { ...agency, refresh_token: spentToken } }).catch(
      (e: Error) => e,
    );
    expect(spent).toMatchObject({ name: 'ExpiredAuthError', message: expect.stringContaining('refresh token is invalid') });
  });
});
