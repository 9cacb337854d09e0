// Agency (Company) connections, with nock: the code exchange keeps a Company token, every operation asks for the
// sub-account first, the request layer mints location tokens (cached, re-minted once after a 401), and a refused
// mint names the sub-account. Against the sandbox over real HTTP: test/e2e.agency.test.ts.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { SCOPES } from '../lib/config.js';
import { loadCustomFields } from '../lib/contacts/customFields.js';
import { App, COMPANY_ID, LOCATION_ID, USER_ID, appTester, bundle, explain, failure, ghlApi, ghlError, run } from './helpers.js';

const oauth = (App.authentication as any).oauth2Config;
const auth = App.authentication as any;
const OTHER_LOCATION = 'pQ7rS2tU9vW4xY1zA3bC';
const COMPANY_TOKEN = 'company-access-token-0123456789';
const MINTED = 'minted-location-token-0123456789';

const agencyBundle = (input: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => {
  const b = bundle(input, meta);
  b.authData = {
    access_token: COMPANY_TOKEN,
    refresh_token: 'company-refresh-0123456789',
    locationId: '',
    companyId: COMPANY_ID,
    userId: USER_ID,
    userType: 'Company',
  };
  return b;
};
const mint = (token = MINTED, locationId = LOCATION_ID) => {
  let sent: any;
  ghlApi()
    .post('/oauth/locationToken', (body) => ((sent = body), true))
    .matchHeader('authorization', `Bearer ${COMPANY_TOKEN}`)
    .matchHeader('version', '2021-07-28')
    .matchHeader('content-type', /application\/x-www-form-urlencoded/)
    .reply(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 86399,
      scope: SCOPES.join(' '),
      locationId,
      userId: USER_ID,
      planId: 'p',
      appId: 'test',
      versionId: 'v',
    });
  return () => sent;
};
const contact = { id: 'c1', firstName: 'Ada', locationId: LOCATION_ID, tags: [], customFields: [] };
const getContact = (token: string, status = 200) =>
  ghlApi()
    .get('/contacts/c1')
    .matchHeader('authorization', `Bearer ${token}`)
    .reply(status, status === 200 ? { contact } : ghlError(status, 'Invalid JWT'));

beforeEach(() => {
  (appTester as any).zcacheTestObj = {};
});

describe('connecting an agency', () => {
  const tokenResponse = {
    access_token: COMPANY_TOKEN,
    token_type: 'Bearer',
    expires_in: 86399,
    refresh_token: 'r1',
    scope: SCOPES.join(' '),
    userType: 'Company',
    companyId: COMPANY_ID,
    approvedLocations: [LOCATION_ID],
    userId: USER_ID,
    isBulkInstallation: true,
  };

  it('keeps a Company token: userType and companyId, no locationId', async () => {
    ghlApi().post('/oauth/token').reply(200, tokenResponse);
    const result = await appTester(oauth.getAccessToken, { inputData: { code: 'c', redirect_uri: 'https://r.example/' } } as any);
    expect(result).toEqual({
      access_token: COMPANY_TOKEN,
      refresh_token: 'r1',
      locationId: '',
      companyId: COMPANY_ID,
      userId: USER_ID,
      userType: 'Company',
    });
  });

  it('asks once more with user_type=Company when HighLevel refuses the Location exchange for the user type', async () => {
    const sent: string[] = [];
    ghlApi()
      .post('/oauth/token', (b) => (sent.push(b.user_type), true))
      .reply(400, ghlError(400, "Token's user type mismatch"))
      .post('/oauth/token', (b) => (sent.push(b.user_type), true))
      .reply(200, tokenResponse);
    const result: any = await appTester(oauth.getAccessToken, { inputData: { code: 'c', redirect_uri: 'https://r.example/' } } as any);
    expect(sent).toEqual(['Location', 'Company']);
    expect(result.userType).toBe('Company');
  });

  it('refreshes with the user type it holds, and keeps it', async () => {
    let sent: any;
    ghlApi()
      .post('/oauth/token', (b) => ((sent = b), true))
      .reply(200, { ...tokenResponse, access_token: 'a2', refresh_token: 'r2' });
    const result = await appTester(oauth.refreshAccessToken, agencyBundle());
    expect(sent).toMatchObject({ grant_type: 'refresh_token', user_type: 'Company' });
    expect(result).toMatchObject({ access_token: 'a2', refresh_token: 'r2', userType: 'Company', locationId: '', companyId: COMPANY_ID });
  });

  it('tests the connection with installedLocations and labels it with the agency and the number of sub-accounts', async () => {
    ghlApi()
      .get('/oauth/installedLocations')
      .query({ companyId: COMPANY_ID, appId: 'test', isInstalled: 'true', skip: '0', limit: '1' })
      .matchHeader('authorization', `Bearer ${COMPANY_TOKEN}`)
      .reply(200, { locations: [{ _id: LOCATION_ID, name: 'Bright Smile Dental', address: '12 Main St' }], count: 12 });
    const tested: any = await appTester(auth.test, agencyBundle());
    expect(tested).toMatchObject({ companyId: COMPANY_ID, subAccounts: 12 });
    expect(await appTester(auth.connectionLabel, { ...agencyBundle(tested) })).toBe(`Agency ${COMPANY_ID} — 12 sub-accounts`);
  });
});

describe('the Sub-Account field', () => {
  const fieldsOf = async (group: 'triggers' | 'creates' | 'searches', key: string, b: any) => {
    const out: any[] = [];
    for (const f of (App as any)[group][key].operation.inputFields) {
      if (typeof f === 'function') out.push(...((await appTester(f, b)) as any[]));
      else out.push(f);
    }
    return out;
  };

  it('comes first, required and altering the other fields, on every operation of an agency connection', async () => {
    for (const group of ['triggers', 'creates', 'searches'] as const) {
      for (const key of Object.keys((App as any)[group])) {
        if (key === 'sub_account_list') continue;
        const first = (App as any)[group][key].operation.inputFields[0];
        expect(typeof first).toBe('function');
      }
    }
    const [field] = await fieldsOf('creates', 'create_note', agencyBundle());
    expect(field).toMatchObject({
      key: 'locationId',
      label: 'Sub-Account',
      required: true,
      altersDynamicFields: true,
      dynamic: 'sub_account_list.id.name',
    });
  });

  it('is absent on a sub-account connection', async () => {
    const fields = await fieldsOf('creates', 'create_note', bundle());
    expect(fields.map((f) => f.key)).not.toContain('locationId');
  });

  it('lists installed sub-accounts a page at a time, searchable by name', async () => {
    ghlApi()
      .get('/oauth/installedLocations')
      .query({ companyId: COMPANY_ID, appId: 'test', isInstalled: 'true', skip: '100', limit: '100', query: 'smile' })
      .reply(200, { locations: [{ _id: OTHER_LOCATION, name: 'Bright Smile Austin', address: '1 Oak Ave' }], count: 101 });
    const page = await run('triggers', 'sub_account_list', agencyBundle({ search: ' smile ' }, { page: 1 }));
    expect(page).toEqual([{ id: OTHER_LOCATION, name: 'Bright Smile Austin (1 Oak Ave)' }]);
  });

  it('missing on an agency step → an input error naming Sub-Account, before any request', async () => {
    const e = explain(await failure(run('searches', 'get_contact', agencyBundle({ contactId: 'c1' }))));
    expect(e.message).toMatch(/Sub-Account.*is required/);
  });
});

describe('location tokens', () => {
  it('minted on first use, the cached one on the second step: one mint for two steps', async () => {
    const sent = mint();
    getContact(MINTED);
    getContact(MINTED);
    const b = agencyBundle({ contactId: 'c1', locationId: LOCATION_ID });
    await run('searches', 'get_contact', b);
    expect(sent()).toEqual({ companyId: COMPANY_ID, locationId: LOCATION_ID });
    await run('searches', 'get_contact', b);
    expect(JSON.stringify((appTester as any).zcacheTestObj)).toContain(MINTED); // kept in z.cache for the next run
    expect(JSON.stringify(b.authData)).not.toContain(MINTED); // never in authData
  });

  it('the z.cache copy serves another process (in-process copy gone)', async () => {
    mint();
    getContact(MINTED);
    const b = agencyBundle({ contactId: 'c1', locationId: LOCATION_ID });
    await run('searches', 'get_contact', b);
    const { forgetMintedTokens } = await import('../lib/agency.js');
    forgetMintedTokens();
    getContact(MINTED); // no second mint mocked: nock would refuse it
    await expect(run('searches', 'get_contact', b)).resolves.toBeDefined();
  });

  it('a 401 on a minted token drops it, mints once more and retries once', async () => {
    mint('stale-location-token-0123456789');
    getContact('stale-location-token-0123456789', 401);
    mint();
    getContact(MINTED);
    const result = await run('searches', 'get_contact', agencyBundle({ contactId: 'c1', locationId: LOCATION_ID }));
    expect(result).toEqual([expect.objectContaining({ id: 'c1' })]);
    expect(JSON.stringify((appTester as any).zcacheTestObj)).not.toContain('stale-location-token');
  });

  it('a second 401 after the re-mint is not retried again: Zapier refreshes the connection', async () => {
    mint('stale-location-token-0123456789');
    getContact('stale-location-token-0123456789', 401);
    mint();
    getContact(MINTED, 401);
    const e = await failure(run('searches', 'get_contact', agencyBundle({ contactId: 'c1', locationId: LOCATION_ID })));
    expect(e.name).toBe('RefreshAuthError');
    expect(e.message).not.toContain(MINTED);
  });

  it('a mint refused for the sub-account → an error naming it and saying what to do, no token in it', async () => {
    ghlApi().post('/oauth/locationToken').reply(400, ghlError(400, 'This app is not installed in this location'));
    const e = explain(await failure(run('searches', 'get_contact', agencyBundle({ contactId: 'c1', locationId: OTHER_LOCATION }))));
    expect(e).toMatchObject({ code: 'sub_account_unavailable', status: 400 });
    expect(e.message).toContain(`"${OTHER_LOCATION}"`);
    expect(e.message).toMatch(/not installed in this location.*install the app there.*pick another one in the Sub-Account field/);
    expect(e.message).not.toContain(COMPANY_TOKEN);
  });

  it('custom field definitions are cached per sub-account', async () => {
    const defs = (name: string) => ({
      customFields: [{ id: `f-${name}`, name, fieldKey: `contact.${name}`, dataType: 'TEXT', model: 'contact' }],
    });
    mint(MINTED, LOCATION_ID);
    mint('minted-other-token-0123456789', OTHER_LOCATION);
    ghlApi().get(`/locations/${LOCATION_ID}/customFields`).query(true).reply(200, defs('pincode'));
    ghlApi().get(`/locations/${OTHER_LOCATION}/customFields`).query(true).reply(200, defs('shoe_size'));
    const load = (loc: string) => appTester(((z: any, b: any) => loadCustomFields(z, b)) as any, agencyBundle({ locationId: loc }));
    expect(((await load(LOCATION_ID)) as any[]).map((d) => d.name)).toEqual(['pincode']);
    expect(((await load(OTHER_LOCATION)) as any[]).map((d) => d.name)).toEqual(['shoe_size']);
    expect(((await load(LOCATION_ID)) as any[]).map((d) => d.name)).toEqual(['pincode']); // cached, no request
  });
});
