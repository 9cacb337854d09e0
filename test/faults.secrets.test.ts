// Secrets never leak. Every run here goes through zapier-platform-core's own Lambda handler with a log sink
// attached (what core would send to Zapier's log server: each z.request with its headers and bodies, each z.console
// line, the error of a failed run) and the process console captured. Across the fault scenarios, an adversarial
// server that echoes the Authorization header and the request back in its errors, the token endpoint, and generated
// inputs for every create and search, no access token, refresh token or client secret may appear in an error
// message, a log line or the console.
//
// What core does (verified below, zapier-platform-core 19.1.0): its logger scrubs every authData value that is not a
// "safe" key (locationId, companyId, userId stay readable), every process.env value under a sensitive name
// (CLIENT_SECRET) and token-like keys in JSON bodies (access_token, refresh_token in a refresh answer) — the
// Authorization header is logged as ":censored:<length>:<hash>:". It does NOT scrub error messages the app builds,
// and z.console writes the raw line to the process console too; so the app redacts what servers echo back
// (lib/errors.ts) and never logs authData.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import nock from 'nock';
import { ACCESS_TOKEN, App, REFRESH_TOKEN, authData, bundle, ghlApi, ghlError, takeSpecViolations } from './helpers.js';
import { loggedRun, operationKeys, safeStringify, soloApp, staticFields, textsOf, validInput } from './faults.support.js';
import type { LoggedRun } from './faults.support.js';
import { forgetMintedTokens } from '../lib/agency.js';
import { BASE_SEED, inputArb, seedFor } from './props.support.js';

const CLIENT_SECRET = process.env.CLIENT_SECRET!;
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];
const OPERATIONS: ['creates' | 'searches', string][] = [
  ...operationKeys('creates').map((k) => ['creates', k] as ['creates', string]),
  ...operationKeys('searches').map((k) => ['searches', k] as ['searches', string]),
];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

const perform = (group: 'creates' | 'searches', key: string, input: Record<string, unknown>, eventExtra: Record<string, unknown> = {}) =>
  loggedRun(soloApp(group, key), `${group}.${key}.operation.perform`, bundle(input), eventExtra);
const authCall = (method: string, b: unknown) => loggedRun(App, `authentication.oauth2Config.${method}`, b);

/** Fails naming where a secret showed up. */
function expectNoSecrets(run: LoggedRun, secrets: string[] = SECRETS): void {
  for (const text of textsOf(run)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`secret "${secret.slice(0, 6)}…" leaked in:\n${text.slice(0, 2000)}`);
    }
  }
}

/**
 * A server that answers every request with an error echoing what it got: the Authorization header, the URL and
 * the body — in the JSON message, the `error` field and a response header. Statuses rotate through what HighLevel
 * answers.
 */
function echoServer(statuses: number[]): void {
  let i = 0;
  const scope = ghlApi().persist();
  for (const method of METHODS) {
    scope
      .intercept(() => true, method)
      .reply(async (request: any) => {
        const status = statuses[i++ % statuses.length]!;
        const auth = String(request.headers.get('authorization'));
        const sent = method === 'GET' ? '' : await request.text();
        const echo = `You sent ${auth} to ${request.url} with ${sent.slice(0, 200)}`;
        return [
          status,
          { statusCode: status, message: [echo, `token ${auth.replace(/^Bearer /, '')} rejected`], error: echo, traceId: 'tr4ce' },
          { 'X-Echo': auth, 'Retry-After': '5' },
        ];
      });
  }
}

describe('what zapier-platform-core writes to its logs (verified, not assumed)', () => {
  it('logs each request with its headers — the Authorization header censored — and the response', async () => {
    ghlApi()
      .post(`/contacts/${validInput('creates', 'create_note').contactId}/notes`)
      .reply(201, { note: { id: 'Nt5QhVb2LkRz8WmYp3Jd', body: 'Called about the renewal.' } });
    const run = await perform('creates', 'create_note', validInput('creates', 'create_note'));
    expect(run.error).toBeUndefined();
    const http = run.logs.find((l) => l.data.log_type === 'http')!;
    expect(http.message).toMatch(/^201 POST https:\/\/services\.leadconnectorhq\.com\/contacts\/\w+\/notes$/);
    expect(http.data.request_headers).toMatch(/Authorization: :censored:\d+:[0-9a-f]+:/);
    expect(http.data.request_data).toContain(String(validInput('creates', 'create_note').body));
    expectNoSecrets(run);
  });

  it('what a developer sees with DETAILED_LOG_TO_STDOUT: the request and the censored response; core prints no headers at all', async () => {
    ghlApi()
      .get(`/contacts/${validInput('searches', 'get_contact').contactId}`)
      .reply(401, { statusCode: 401, message: `Invalid JWT ${ACCESS_TOKEN}` });
    const run = await perform('searches', 'get_contact', validInput('searches', 'get_contact'), {
      logToStdout: true,
      detailedLogToStdout: true,
    });
    expect(run.error?.name).toBe('RefreshAuthError');
    const printed = run.console.join('\n');
    expect(printed).toMatch(
      /^GET https:\/\/services\.leadconnectorhq\.com\/contacts\/\w+\nERR - refusing to log possibly uncensored headers\n/,
    );
    expect(printed).toMatch(/Invalid JWT :censored:/);
    expectNoSecrets(run);
  });

  it('the console capture works: a secret written with z.console reaches the raw console, censored only in the log sink', async () => {
    // A negative control: proves this suite would catch an app that logs a token (this app never does).
    (App as any)._testRequest = async (z: any, b: any) => z.console.log(`token=${b.authData.access_token}`);
    try {
      const run = await loggedRun(App, '_testRequest', bundle());
      expect(run.console.join('\n')).toContain(ACCESS_TOKEN);
      expect(run.logs.map((l) => l.message).join('\n')).toMatch(/token=:censored:/);
      expect(() => expectNoSecrets(run)).toThrow(/leaked/);
    } finally {
      delete (App as any)._testRequest;
    }
  });
});

describe('every create and search against a server that echoes the token back in its errors', () => {
  it.each(OPERATIONS)('%s.%s', async (group, key) => {
    echoServer([400, 401, 403, 404, 422, 429, 500]);
    let failed = 0;
    for (let i = 0; i < 7; i++) {
      const run = await perform(group, key, validInput(group, key));
      expectNoSecrets(run);
      if (run.error) failed++;
      expect(run.error?.message ?? '').not.toMatch(/Bearer/);
    }
    expect(failed).toBeGreaterThanOrEqual(5); // a Get… search reads 400/404 "not found" as no result
  });
});

describe('fault scenarios', () => {
  it('network failures (timeout, reset) on a write and a read', async () => {
    for (const code of ['ETIMEDOUT', 'ECONNRESET']) {
      nock.cleanAll();
      ghlApi()
        .persist()
        .post(/.*/)
        .replyWithError(Object.assign(new Error(`connect ${code}`), { code }))
        .get(/.*/)
        .replyWithError(Object.assign(new Error(`read ${code}`), { code }));
      const write = await perform('creates', 'create_contact', validInput('creates', 'create_contact'));
      const read = await perform('searches', 'get_contact', validInput('searches', 'get_contact'));
      expect(JSON.parse(write.error!.message).code).toBe('network_error');
      expectNoSecrets(write);
      expectNoSecrets(read);
    }
  });

  it('HTML and cut-off bodies', async () => {
    ghlApi().post('/contacts/').reply(200, `<html>token ${ACCESS_TOKEN}</html>`, { 'Content-Type': 'text/html' });
    ghlApi()
      .post('/contacts/')
      .reply(502, `<html><body>Bad gateway for Bearer ${ACCESS_TOKEN}</body></html>`, { 'Content-Type': 'text/html' });
    for (let i = 0; i < 2; i++) expectNoSecrets(await perform('creates', 'create_contact', validInput('creates', 'create_contact')));
  });

  it('a step input of {{bundle.authData.access_token}} is never rendered: sent as typed, no token anywhere', async () => {
    // Core renders no {{curlies}} in z.request; with its request merge skipped (lib/client.ts) it no longer refuses them either.
    let sent: unknown;
    const scope = ghlApi()
      .post(/.*/, (body) => ((sent = body), true))
      .reply(201, {});
    const run = await perform('creates', 'create_note', {
      ...validInput('creates', 'create_note'),
      body: 'Token: {{bundle.authData.access_token}}',
    });
    expect(scope.isDone()).toBe(true);
    expect(sent).toMatchObject({ body: 'Token: {{bundle.authData.access_token}}' });
    expectNoSecrets(run);
  });
});

describe('the token endpoint', () => {
  const NEW_ACCESS = 'eyJhbGciOiJIUzI1NiJ9.new-access.c2lnbmF0dXJl';
  const NEW_REFRESH = 'eyJhbGciOiJIUzI1NiJ9.new-refresh.c2lnbmF0dXJl';
  const tokens = {
    access_token: NEW_ACCESS,
    refresh_token: NEW_REFRESH,
    token_type: 'Bearer',
    expires_in: 86399,
    userType: 'Location',
    locationId: authData.locationId,
    companyId: authData.companyId,
    userId: authData.userId,
  };

  it('a refresh: the old and the new tokens and the client secret stay out of the logs (the result carries the new pair)', async () => {
    ghlApi().post('/oauth/token').reply(200, tokens);
    const run = await authCall('refreshAccessToken', bundle());
    expect(run.result).toMatchObject({ access_token: NEW_ACCESS, refresh_token: NEW_REFRESH });
    const http = run.logs.find((l) => l.data.log_type === 'http')!;
    expect(http.message).toBe('200 POST https://services.leadconnectorhq.com/oauth/token');
    expectNoSecrets(run, [...SECRETS, NEW_ACCESS, NEW_REFRESH]);
  });

  it('a refused refresh whose answer echoes the refresh token and the client secret', async () => {
    ghlApi()
      .post('/oauth/token')
      .reply(400, { error: 'invalid_grant', message: `Refresh token ${REFRESH_TOKEN} for client secret ${CLIENT_SECRET} is invalid` });
    const run = await authCall('refreshAccessToken', bundle());
    expect(run.error?.name).toBe('ExpiredAuthError');
    expect(run.error?.message).toMatch(/Refresh token \[redacted\] for client secret \[redacted\] is invalid/);
    expectNoSecrets(run);
  });

  it('a code exchange: the new tokens stay out of the logs; a refused one does not echo the secret', async () => {
    ghlApi().post('/oauth/token').reply(200, tokens);
    const ok = await authCall('getAccessToken', { inputData: { code: 'c0de-0123456789', redirect_uri: 'https://zapier.com/x' } });
    expect(ok.result).toMatchObject({ access_token: NEW_ACCESS });
    expectNoSecrets(ok, [CLIENT_SECRET, NEW_ACCESS, NEW_REFRESH]);

    ghlApi()
      .post('/oauth/token')
      .reply(401, { error: 'invalid_client', message: `client_secret=${CLIENT_SECRET} rejected` });
    const refused = await authCall('getAccessToken', { inputData: { code: 'c0de-0123456789', redirect_uri: 'https://zapier.com/x' } });
    expect(refused.error?.message).toMatch(/did not accept the sign-in/);
    expectNoSecrets(refused, [CLIENT_SECRET]);
  });

  it('the token endpoint down or unreachable', async () => {
    ghlApi()
      .post('/oauth/token')
      .reply(503, ghlError(503, `Service unavailable for ${REFRESH_TOKEN}`));
    expectNoSecrets(await authCall('refreshAccessToken', bundle()));
    ghlApi()
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expectNoSecrets(await authCall('refreshAccessToken', bundle()));
  });
});

describe('an agency connection: neither the Company token nor a minted location token shows anywhere', () => {
  const COMPANY_TOKEN = 'company-at-secret-0123456789';
  const MINTED = 'minted-location-token-secret-0123456789';
  const agencyBundle = (input: Record<string, unknown>) => {
    const b = bundle({ ...input, locationId: authData.locationId });
    b.authData = { ...authData, access_token: COMPANY_TOKEN, locationId: '', userType: 'Company' };
    return b;
  };
  const mintOnce = () =>
    ghlApi()
      .post('/oauth/locationToken')
      .reply(200, { access_token: MINTED, token_type: 'Bearer', expires_in: 86399, locationId: authData.locationId });

  it.each([
    ['searches', 'get_contact'],
    ['creates', 'create_contact'],
    ['creates', 'create_note'],
  ] as ['creates' | 'searches', string][])('%s.%s: minted, then refused with the token echoed back', async (group, key) => {
    forgetMintedTokens();
    mintOnce();
    mintOnce(); // a 401 on the minted token mints once more
    echoServer([401, 400, 500]);
    const run = await loggedRun(soloApp(group, key), `${group}.${key}.operation.perform`, agencyBundle(validInput(group, key)));
    expect(run.error).toBeDefined();
    expect(run.logs.some((l) => String(l.message).includes('/oauth/locationToken'))).toBe(true);
    expectNoSecrets(run, [...SECRETS, COMPANY_TOKEN, MINTED]);
  });

  it('a refused mint whose answer echoes the Company token', async () => {
    forgetMintedTokens();
    ghlApi()
      .post('/oauth/locationToken')
      .reply(400, ghlError(400, `Location not found for ${COMPANY_TOKEN}`));
    const run = await loggedRun(
      soloApp('searches', 'get_contact'),
      'searches.get_contact.operation.perform',
      agencyBundle(validInput('searches', 'get_contact')),
    );
    expect(JSON.parse(run.error!.message).code).toBe('sub_account_unavailable');
    expectNoSecrets(run, [...SECRETS, COMPANY_TOKEN]);
  });
});

describe('generated inputs for every create and search (fast-check), against the echoing server', () => {
  const RUNS = Math.max(5, Math.round((Number(process.env.FC_RUNS) || 60) / 6));
  it.each(OPERATIONS)(`%s.%s: ${RUNS} runs`, async (group, key) => {
    echoServer([422, 400, 500, 401, 404]);
    await fc.assert(
      fc.asyncProperty(inputArb(staticFields(group, key)), async (input) => {
        expectNoSecrets(await perform(group, key, input));
      }),
      {
        numRuns: RUNS,
        seed: seedFor(`secrets.${group}.${key}`),
        reporter: (d) => {
          if (d.failed)
            throw new Error(
              `${group}.${key}: seed ${d.seed} (FC_SEED=${BASE_SEED}), path "${d.counterexamplePath}"\n${d.errorInstance instanceof Error ? d.errorInstance.message : ''}\ninput: ${safeStringify(d.counterexample).slice(0, 300)}`,
            );
        },
      },
    );
    // Make an API Request sends what the user wrote (any path, any method): its spec conformance is the user's.
    if (key === 'api_request') takeSpecViolations();
  });
});
