// The request layer: headers per endpoint family and every error mapping, with realistic HighLevel bodies.
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ghl, ghlPath } from '../lib/client.js';
import { recordOf } from '../lib/errors.js';
import { ACCESS_TOKEN, LOCATION_ID, REFRESH_TOKEN, appTester, bundle, failure, ghlApi, ghlError } from './helpers.js';

const call = (req: Parameters<typeof ghl>[1]) => appTester(async (z: any) => ghl(z, req), bundle());

describe('request headers', () => {
  it('sends the bearer token, JSON and Version 2021-07-28 outside /calendars', async () => {
    ghlApi()
      .get('/contacts/c1')
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .matchHeader('version', '2021-07-28')
      .matchHeader('accept', 'application/json')
      .reply(200, { contact: { id: 'c1' } });
    expect(await call({ path: '/contacts/c1' })).toEqual({ contact: { id: 'c1' } });
  });

  it('sends Version 2021-04-15 on /calendars', async () => {
    ghlApi().get('/calendars/').query({ locationId: LOCATION_ID }).matchHeader('version', '2021-04-15').reply(200, { calendars: [] });
    await call({ path: '/calendars/', params: { locationId: LOCATION_ID } });
  });

  it('encodes ids as one path segment and drops empty query values', async () => {
    expect(ghlPath`/contacts/${'a/b?c'}/notes`).toBe('/contacts/a%2Fb%3Fc/notes');
    ghlApi().get('/calendars/').query({ locationId: LOCATION_ID }).reply(200, { calendars: [] });
    await call({ path: '/calendars/', params: { locationId: LOCATION_ID, groupId: '', showDrafted: undefined } });
  });

  it('leaves requests to other hosts alone (no token sent elsewhere)', async () => {
    const other = nock('https://hooks.example.com', { badheaders: ['authorization', 'version'] })
      .get('/x')
      .reply(200, {});
    await appTester(async (z: any) => z.request({ url: 'https://hooks.example.com/x' }), bundle());
    expect(other.isDone()).toBe(true);
  });

  it('honours GHL_API_BASE_URL (the local sandbox)', async () => {
    process.env.GHL_API_BASE_URL = 'http://sandbox.test:8080/';
    try {
      nock('http://sandbox.test:8080').get('/contacts/c1').matchHeader('version', '2021-07-28').reply(200, { contact: {} });
      await call({ path: '/contacts/c1' });
    } finally {
      delete process.env.GHL_API_BASE_URL;
    }
  });
});

describe('error mapping', () => {
  const fails = async (status: number, body: unknown, path = '/contacts/c1', headers: Record<string, string> = {}) => {
    ghlApi()
      .get(path)
      .reply(status, body as any, headers);
    return failure(call({ path }));
  };

  it('401 Invalid JWT → RefreshAuthError (Zapier refreshes and retries)', async () => {
    expect((await fails(401, { statusCode: 401, message: 'Invalid JWT' })).name).toBe('RefreshAuthError');
    expect((await fails(401, ghlError(401, 'Invalid token: access token is invalid', { error: 'Unauthorized' }))).name).toBe(
      'RefreshAuthError',
    );
  });

  it('401 missing scope → reconnect, explained; no refresh', async () => {
    const e = await fails(401, ghlError(401, 'The token is not authorized for this scope.'));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/without a permission this step needs.*Reconnect/);
  });

  it('401 user type mismatch → reconnect to a sub-account', async () => {
    const e = await fails(401, ghlError(401, "Token's user type mismatch"));
    expect(e.name).toBe('ExpiredAuthError');
    expect(e.message).toMatch(/agency.*choose a sub-account/);
  });

  it('403 token for another location → says so', async () => {
    const e = await fails(403, ghlError(403, 'The token does not have access to this location.'));
    expect(e.message).toMatch(/cannot reach it.*does not have access to this location.*sub-account/);
    expect(JSON.parse(e.message)).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('400 "not found" → names the kind of record and the id', async () => {
    const e = await fails(400, ghlError(400, 'Contact with id c1 not found'));
    expect(JSON.parse(e.message)).toMatchObject({ code: 'not_found', status: 400 });
    expect(e.message).toMatch(/no contact with ID \\"c1\\"/);
  });

  it('a nested path whose parent is missing names the parent HighLevel names', async () => {
    const e = await fails(400, ghlError(400, 'Contact with id c404 not found'), '/contacts/c404/notes/n1');
    expect(e.message).toMatch(/no contact with ID \\"c404\\"/);
  });

  it('404 on a nested record names the innermost kind', async () => {
    const e = await fails(404, ghlError(404, 'Task not found'), '/contacts/c1/tasks/t9');
    expect(e.message).toMatch(/no task with ID \\"t9\\"/);
    expect(recordOf('/calendars/events/appointments/e1')).toEqual({ kind: 'appointment', id: 'e1' });
    expect(recordOf('/contacts/c1/notes/n1')).toEqual({ kind: 'note', id: 'n1' });
    expect(recordOf('/contacts/search')).toBeUndefined();
  });

  it('400 duplicate contact → names the contact that blocked it', async () => {
    ghlApi()
      .post('/contacts/')
      .reply(400, {
        statusCode: 400,
        message: 'This location does not allow duplicated contacts.',
        meta: { contactId: 'Xy12AbCdEf', contactName: 'Ada Lovelace', matchingField: 'email' },
      });
    const e = await failure(call({ method: 'POST', path: '/contacts/', body: { locationId: LOCATION_ID, email: 'ada@example.com' } }));
    expect(JSON.parse(e.message)).toMatchObject({ code: 'duplicate_contact' });
    expect(e.message).toMatch(/contact Xy12AbCdEf \(Ada Lovelace\) already exists with the same email/);
  });

  it('422 → every field message, string or string[]', async () => {
    const e = await fails(
      422,
      ghlError(422, ['property fullName should not exist', 'email must be an email'], { error: 'Unprocessable Entity' }),
    );
    expect(e.message).toMatch(/property fullName should not exist\\n- email must be an email/);
    const single = await fails(422, ghlError(422, 'dueDate must be a valid ISO 8601 date string'));
    expect(single.message).toMatch(/dueDate must be a valid ISO 8601 date string/);
  });

  it('429 → ThrottledError with the burst window from X-RateLimit-Interval-Milliseconds', async () => {
    const e = await fails(429, { statusCode: 429, message: 'Too Many Requests' }, '/contacts/c1', {
      'X-RateLimit-Interval-Milliseconds': '10000',
      'X-RateLimit-Max': '100',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Daily-Remaining': '150000',
    });
    expect(e.name).toBe('ThrottledError');
    expect(JSON.parse(e.message)).toMatchObject({ delay: 10 });
  });

  it('429 → Retry-After wins; a spent daily quota waits an hour and says so', async () => {
    expect(JSON.parse((await fails(429, '', '/contacts/c1', { 'Retry-After': '7' })).message)).toMatchObject({ delay: 7 });
    const daily = await fails(429, '', '/contacts/c1', { 'X-RateLimit-Daily-Remaining': '0' });
    expect(JSON.parse(daily.message)).toMatchObject({ delay: 3600 });
    expect(daily.message).toMatch(/daily limit/);
  });

  it('5xx with HTML → a clear error, no crash, no HTML dumped', async () => {
    const e = await fails(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', '/contacts/c1', { 'Content-Type': 'text/html' });
    expect(JSON.parse(e.message)).toMatchObject({ code: 'server_error', status: 502 });
    expect(e.message).not.toMatch(/<html>/);
  });

  it("5xx JSON → carries HighLevel's traceId", async () => {
    const e = await fails(500, ghlError(500, 'Internal server error'));
    expect(e.message).toMatch(/trace id: 3b0a4b8e-5c1e-4f6a-9d2b-7e8f9a0b1c2d/);
  });

  it('no error message ever contains the access or refresh token', async () => {
    const messages: string[] = [];
    for (const [status, body] of [
      [401, { message: `Invalid JWT ${ACCESS_TOKEN}` }],
      [400, ghlError(400, 'Bad Request')],
      [500, 'oops'],
      [404, {}],
    ] as const) {
      messages.push((await fails(status, body)).message);
    }
    for (const m of messages) {
      expect(m).not.toContain(REFRESH_TOKEN);
      expect(m).not.toContain(`Bearer ${ACCESS_TOKEN}`);
    }
  });

  it('a caller that expects an error status can read it (skipThrowForStatus), but not a 401 or 429', async () => {
    ghlApi().get('/contacts/c1').reply(400, ghlError(400, 'Contact with id c1 not found'));
    expect(await call({ path: '/contacts/c1', skipThrowForStatus: true })).toMatchObject({ statusCode: 400 });
    ghlApi().get('/contacts/c1').reply(401, { message: 'Invalid JWT' });
    expect((await failure(call({ path: '/contacts/c1', skipThrowForStatus: true }))).name).toBe('RefreshAuthError');
  });
});
