// Server faults, for EVERY create and search (the suite walks App.creates and App.searches): rate limits, 5xx with
// JSON, HTML or nothing, connections that time out or reset, and success answers HighLevel never sends (HTML, cut-off
// JSON, null). Each ends in a Zapier error a user can act on — never a TypeError or node-fetch's raw error — and no
// write is ever sent twice: every request the app makes is counted, and a second interceptor that WOULD succeed
// proves that nothing retried.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ghl } from '../lib/client.js';
import { networkError } from '../lib/errors.js';
import { appTester, bundle, explain, failure, ghlApi, ghlError } from './helpers.js';
import { ZAPIER_ERRORS, operationKeys, soloRun, validInput } from './faults.support.js';

const CREATES = operationKeys('creates');
const SEARCHES = operationKeys('searches');
const OPERATIONS: ['creates' | 'searches', string][] = [
  ...CREATES.map((k) => ['creates', k] as const),
  ...SEARCHES.map((k) => ['searches', k] as const),
] as any;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

type Sent = { method: string; path: string };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { error: Error };

/**
 * Answers EVERY request to the API host (any method, any path, any number of times) with `reply`, and records them.
 * Persistent on purpose: a retry would be answered and counted, not hidden behind a "no match" error.
 */
function answerEverything(reply: Reply): Sent[] {
  const sent: Sent[] = [];
  const scope = ghlApi().persist();
  scope.on('request', (req: any) =>
    sent.push({ method: String(req.method).toUpperCase(), path: new URL(req.url ?? req.path, 'http://x').pathname }),
  );
  for (const method of METHODS) {
    const interceptor = scope.intercept(() => true, method);
    if ('error' in reply) interceptor.replyWithError(reply.error);
    else interceptor.reply(reply.status, reply.body as any, reply.headers);
  }
  return sent;
}

const run = (group: 'creates' | 'searches', key: string, input = validInput(group, key)) => soloRun(group, key, bundle(input));

/** A network error as Node reports it (nock's replyWithError needs an Error instance). */
const netError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** The first request of an operation's valid input is its main one; for a create, the write. */
/** Creates whose write always needs a read first (Cancel Appointment keeps the assignee HighLevel insists on). */
const READ_FIRST = new Set(['cancel_appointment']);

const expectOneRequest = (sent: Sent[], group: 'creates' | 'searches', key = '') => {
  expect(sent).toHaveLength(1);
  if (group === 'creates' && !READ_FIRST.has(key)) expect(sent[0]!.method).not.toBe('GET');
};

describe('every create and search has a valid input for these suites', () => {
  it.each(OPERATIONS)('%s.%s', (group, key) => {
    expect(() => validInput(group, key)).not.toThrow();
  });
});

describe('429: ThrottledError with the delay from the headers, one request, for reads and writes', () => {
  const cases: [string, Record<string, string>, number][] = [
    ['Retry-After', { 'Retry-After': '7', 'X-RateLimit-Remaining': '0' }, 7],
    [
      'burst window',
      {
        'X-RateLimit-Interval-Milliseconds': '10000',
        'X-RateLimit-Max': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Daily-Remaining': '199000',
      },
      10,
    ],
    ['daily quota', { 'X-RateLimit-Daily-Remaining': '0', 'X-RateLimit-Remaining': '40' }, 3600],
  ];
  it.each(OPERATIONS)('%s.%s', async (group, key) => {
    for (const [, headers, delay] of cases) {
      nock.cleanAll();
      const sent = answerEverything({ status: 429, body: { statusCode: 429, message: 'Too Many Requests' }, headers });
      const e = await failure(run(group, key));
      expect(explain(e)).toMatchObject({ name: 'ThrottledError', delay });
      expect(e.message).toMatch(delay === 3600 ? /daily limit.*retry in 3600 seconds/ : /rate limiting.*retry in \d+ seconds/);
      expectOneRequest(sent, group, key);
    }
  });

  it('a burst: each run is throttled with its own single request, and the next run after the window goes through', async () => {
    const sent = answerEverything({ status: 429, body: '', headers: { 'X-RateLimit-Interval-Milliseconds': '10000' } });
    for (let i = 0; i < 5; i++) {
      expect(explain(await failure(run('creates', 'create_note')))).toMatchObject({ name: 'ThrottledError', delay: 10 });
    }
    expect(sent.map((s) => s.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'POST']);
    nock.cleanAll();
    const ok = ghlApi()
      .post(`/contacts/${validInput('creates', 'create_note').contactId}/notes`)
      .once()
      .reply(201, { note: { id: 'Nt5QhVb2LkRz8WmYp3Jd', body: 'Called about the renewal.', contactId: 'sx6wyHhbFdRXh302LLNR' } });
    expect(await run('creates', 'create_note')).toMatchObject({ id: 'Nt5QhVb2LkRz8WmYp3Jd' });
    expect(ok.isDone()).toBe(true);
  });

  it("a 429 without any rate-limit header waits HighLevel's 10 s window", async () => {
    answerEverything({ status: 429, body: '' });
    expect(explain(await failure(run('searches', 'get_contact')))).toMatchObject({ name: 'ThrottledError', delay: 10 });
  });
});

describe('5xx: a clear server error, exactly one request — a write is never retried', () => {
  const bodies: [string, unknown, Record<string, string>][] = [
    ['JSON', ghlError(500, 'Internal server error'), {}],
    [
      'HTML',
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>',
      { 'Content-Type': 'text/html' },
    ],
    ['empty', '', {}],
    ['cut-off JSON', '{"statusCode":503,"message":"Service Unav', { 'Content-Type': 'application/json' }],
  ];
  const statuses = [500, 502, 503, 504];

  it.each(OPERATIONS)('%s.%s', async (group, key) => {
    for (const [i, status] of statuses.entries()) {
      const [kind, body, headers] = bodies[i % bodies.length]!;
      nock.cleanAll();
      const sent = answerEverything({ status, body, headers });
      const e = await failure(run(group, key));
      const shown = explain(e);
      expect({ kind, ...shown }).toMatchObject({ kind, name: 'AppError', code: 'server_error', status });
      expect(shown.message).toMatch(new RegExp(`server error \\(${status}\\)`));
      expect(shown.message).not.toMatch(/<html|<!DOCTYPE|statusCode/i);
      // a search only reads (even when it is a POST …/search): nothing to check before replaying
      // the failing request is the write itself, except where a read comes first (nothing changed yet)
      if (group === 'creates' && !READ_FIRST.has(key)) expect(shown.message).toMatch(/check in HighLevel whether the change was made/);
      else expect(shown.message).not.toMatch(/check in HighLevel/);
      expectOneRequest(sent, group, key);
    }
  });

  it.each(CREATES)('%s: an answer that would succeed on a second attempt is never asked for', async (key) => {
    // The first request of any method fails once; a second, identical request would succeed. It must stay unused.
    const scope = ghlApi();
    for (const method of METHODS)
      scope
        .intercept(() => true, method)
        .once()
        .reply(503, ghlError(503, 'Service Unavailable'));
    const wouldSucceed = ghlApi();
    for (const method of METHODS)
      wouldSucceed
        .intercept(() => true, method)
        .once()
        .reply(200, {});
    expect(explain(await failure(run('creates', key)))).toMatchObject({ code: 'server_error', status: 503 });
    expect(scope.pendingMocks()).toHaveLength(METHODS.length - 1); // exactly one of the failing interceptors was used
    expect(wouldSucceed.pendingMocks()).toHaveLength(METHODS.length); // and none of the succeeding ones
    expect(wouldSucceed.isDone()).toBe(false);
  });
});

describe('no answer (timeout, reset connection): a clear message instead of a raw FetchError, one request', () => {
  const failures: [string, () => Error, RegExp][] = [
    ['ETIMEDOUT', () => netError('ETIMEDOUT', 'connect ETIMEDOUT 104.18.0.1:443'), /timed out \(ETIMEDOUT\)/],
    ['ECONNRESET', () => netError('ECONNRESET', 'read ECONNRESET'), /connection was reset \(ECONNRESET\)/],
    ['socket hang up', () => netError('ECONNRESET', 'socket hang up'), /connection was reset/],
    ['ECONNREFUSED', () => netError('ECONNREFUSED', 'connect ECONNREFUSED 104.18.0.1:443'), /refused/],
    ['EAI_AGAIN', () => netError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN services.leadconnectorhq.com'), /host name could not be resolved/],
  ];

  it.each(OPERATIONS)('%s.%s', async (group, key) => {
    for (const [fault, error, reason] of failures) {
      nock.cleanAll();
      const sent = answerEverything({ error: error() });
      const e = await failure(run(group, key));
      const shown = explain(e);
      expect({ fault, ...shown }).toMatchObject({ fault, code: 'network_error' });
      expect(e.name).toBe('AppError');
      expect(shown.message).toMatch(/^HighLevel could not be reached for (GET|POST|PUT|DELETE|PATCH) \/\S+: /);
      expect(shown.message).toMatch(reason);
      expect(shown.message).not.toMatch(/FetchError|request to https?:/);
      if (group === 'creates' && !READ_FIRST.has(key))
        expect(shown.message).toMatch(/may or may not have made the change: check in HighLevel before you replay/);
      else expect(shown.message).toMatch(/usually temporary/);
      if (group === 'searches') expect(shown.message).not.toMatch(/check in HighLevel/);
      expectOneRequest(sent, group, key);
    }
  });

  it("ghl() gives up before Zapier's 30 s step limit, with the clear message, after one write", async () => {
    process.env.GHL_REQUEST_TIMEOUT_MS = '100'; // 25 s in production
    try {
      const scope = ghlApi()
        .post('/contacts/')
        .delay(1_000)
        .reply(201, { contact: { id: 'c1' } });
      const error = await failure(
        appTester(async (z: any) => ghl(z, { method: 'POST', path: '/contacts/', body: { locationId: 'x' } }), bundle()),
      );
      expect(explain(error)).toMatchObject({ name: 'AppError', code: 'network_error' });
      expect(error.message).toMatch(/POST \/contacts\/: it did not answer in time\. HighLevel may or may not have made the change/);
      expect(scope.isDone()).toBe(true);
    } finally {
      delete process.env.GHL_REQUEST_TIMEOUT_MS;
    }
  });

  it('a response slower than a caller-set timeout (nock delay): core raises a FetchError, mapped the same way', async () => {
    // z.request surfaces node-fetch's `request-timeout` FetchError, which networkError() turns into the clear message.
    ghlApi()
      .post('/contacts/')
      .delay(1_000)
      .reply(201, { contact: { id: 'c1' } });
    const raw = await failure(
      appTester(
        async (z: any) =>
          z.request({ url: 'https://services.leadconnectorhq.com/contacts/', method: 'POST', body: { locationId: 'x' }, timeout: 100 }),
        bundle(),
      ),
    );
    expect(raw.name).toBe('FetchError'); // what z.request itself surfaces
    const mapped = networkError(raw, { method: 'POST', path: '/contacts/' })!;
    expect(explain(mapped)).toMatchObject({ name: 'AppError', code: 'network_error' });
    expect(mapped.message).toMatch(/POST \/contacts\/: it did not answer in time\. HighLevel may or may not have made the change/);
  });

  it('other errors are not mistaken for network errors', () => {
    expect(networkError(new TypeError('x is undefined'), { path: '/contacts/' })).toBeUndefined();
    expect(networkError(undefined, { path: '/contacts/' })).toBeUndefined();
  });

  it('through ghl(): one request, and the message never echoes the query or the body', async () => {
    const sent = answerEverything({ error: netError('ECONNRESET', 'socket hang up') });
    const post = await failure(
      appTester(
        async (z: any) => ghl(z, { method: 'POST', path: '/contacts/', body: { locationId: 'x', email: 'maria@example.com' } }),
        bundle(),
      ),
    );
    const get = await failure(
      appTester(async (z: any) => ghl(z, { path: '/contacts/', params: { locationId: 'x', query: 'maria lopez' } }), bundle()),
    );
    expect(sent).toEqual([
      { method: 'POST', path: '/contacts/' },
      { method: 'GET', path: '/contacts/' },
    ]);
    expect(post.message).not.toMatch(/maria/);
    expect(get.message).not.toMatch(/maria|locationId=/);
  });
});

describe('a success answer HighLevel never sends: a clear error (or a valid result), never a crash', () => {
  const odd: [string, number, unknown, Record<string, string>][] = [
    [
      'an HTML page (e.g. a proxy login)',
      200,
      '<html><body><form action="/login">Sign in</form></body></html>',
      { 'Content-Type': 'text/html' },
    ],
    ['cut-off JSON', 200, '{"contact":{"id":"sx6wyHhbFdRXh302LLNR","firstName":"Ma', { 'Content-Type': 'application/json' }],
    ['JSON null', 200, 'null', { 'Content-Type': 'application/json' }],
    ['a JSON string', 201, '"ok"', { 'Content-Type': 'application/json' }],
    ['an empty body', 200, '', {}],
    ['an empty object', 200, {}, {}],
    ['an empty array', 200, [], {}],
  ];

  it.each(OPERATIONS)('%s.%s', async (group, key) => {
    for (const [what, status, body, headers] of odd) {
      nock.cleanAll();
      const sent = answerEverything({ status, body, headers });
      let outcome: { ok: true; result: unknown } | { ok: false; error: Error };
      try {
        outcome = { ok: true, result: await run(group, key) };
      } catch (error) {
        outcome = { ok: false, error: error as Error };
      }
      if (outcome.ok) {
        // the app tester has already checked the shape (a create returns an object, a search an array)
        expect({ what, result: outcome.result }).toMatchObject({
          what,
          result: group === 'creates' ? expect.any(Object) : expect.any(Array),
        });
      } else {
        expect({ what, name: outcome.error.name, message: outcome.error.message }).toMatchObject({
          what,
          name: expect.stringMatching([...ZAPIER_ERRORS].join('|')),
        });
        expect(outcome.error.message).not.toMatch(/<html|Cannot read prop|undefined \(reading/);
      }
      expect(sent.filter((s) => s.method !== 'GET').length).toBeLessThanOrEqual(1);
    }
  });

  it('says what happened when the body is not JSON, with the request that got it', async () => {
    answerEverything({ status: 200, body: '<html>Sign in</html>', headers: { 'Content-Type': 'text/html' } });
    const shown = explain(await failure(run('creates', 'create_contact')));
    expect(shown).toMatchObject({ name: 'AppError', code: 'unexpected_response', status: 200 });
    expect(shown.message).toMatch(
      /answered POST \/contacts\/ \(200\) with something that is not JSON.*check in HighLevel before you replay/,
    );
  });
});
