import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { parsePath } from '../creates/api_request.js';
import { ACCESS_TOKEN, LOCATION_ID, bundle, failure, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const request = (input: Record<string, unknown>) => run('creates', 'api_request', bundle(input));

describe('api_request', () => {
  it("GETs a path with the connection's token and Version header and returns { status, data }", async () => {
    const scope = ghlApi()
      .get(`/contacts/${CONTACT}`)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .matchHeader('version', '2021-07-28')
      .reply(200, { contact: { id: CONTACT, firstName: 'Maria' } });
    const result = await request({ method: 'GET', path: `/contacts/${CONTACT}`, headers: { Authorization: 'Bearer someone-elses-token' } });
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ status: 200, data: { contact: { id: CONTACT, firstName: 'Maria' } } });
  });

  it('fills {locationId} in the path, the query and the body, and merges a query written in the path', async () => {
    let sent: unknown;
    const scope = ghlApi()
      .post(`/locations/${LOCATION_ID}/tags`, (body: unknown) => ((sent = body), true))
      .reply(201, { tag: { id: 'tG9', name: 'vip', locationId: LOCATION_ID } });
    const result = await request({ method: 'post', path: '/locations/{locationId}/tags', body: ' {"name": "vip"} ' });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ name: 'vip' });
    expect(result).toEqual({ status: 201, data: { tag: { id: 'tG9', name: 'vip', locationId: LOCATION_ID } } });

    const list = ghlApi().get('/campaigns/').query({ locationId: LOCATION_ID, status: 'published' }).reply(200, { campaigns: [] });
    await request({ method: 'GET', path: '/campaigns/?status=draft', query: { locationId: '{locationId}', status: 'published' } });
    expect(list.isDone()).toBe(true);
  });

  it('sends {} for a POST without a body, and a JSON body on DELETE', async () => {
    let sent: unknown;
    ghlApi()
      .post(`/contacts/${CONTACT}/campaigns/Y2I9XM7aO1hncuSOlc9L`, (body: unknown) => ((sent = body), true))
      .reply(201, { succeded: true });
    expect(await request({ method: 'POST', path: `/contacts/${CONTACT}/campaigns/Y2I9XM7aO1hncuSOlc9L` })).toEqual({
      status: 201,
      data: { succeded: true },
    });
    expect(sent).toEqual({});

    ghlApi()
      .delete(`/contacts/${CONTACT}/tags`, { tags: ['vip'] })
      .reply(200, { tags: [] });
    expect(await request({ method: 'DELETE', path: `/contacts/${CONTACT}/tags`, body: '{"tags":["vip"]}' })).toEqual({
      status: 200,
      data: { tags: [] },
    });
  });

  it('accepts a full URL on the HighLevel API host (pasted from the docs)', async () => {
    const scope = ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes: [] });
    await request({ method: 'GET', path: `https://services.leadconnectorhq.com/contacts/${CONTACT}/notes` });
    expect(scope.isDone()).toBe(true);
  });

  it('wraps an array answer and keeps a non-JSON or empty answer', async () => {
    ghlApi()
      .get(`/contacts/${CONTACT}/tasks`)
      .reply(200, [{ id: 't1' }]);
    expect(await request({ method: 'GET', path: `/contacts/${CONTACT}/tasks` })).toEqual({ status: 200, data: [{ id: 't1' }] });
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, 'OK', { 'Content-Type': 'text/plain' });
    expect(await request({ method: 'GET', path: `/contacts/${CONTACT}/notes` })).toEqual({ status: 200, data: 'OK' });
    ghlApi().delete(`/contacts/${CONTACT}`).reply(204);
    expect(await request({ method: 'DELETE', path: `/contacts/${CONTACT}` })).toEqual({ status: 204, data: null });
  });

  it.each([
    [{ method: 'POST', path: '/contacts/', body: '{"firstName": "Maria",}' }, /Body \(JSON\)\\?" field must be valid JSON/],
    [{ method: 'POST', path: '/contacts/', body: "{firstName: 'Maria'}" }, /Body \(JSON\)\\?" field must be valid JSON/],
    [{ method: 'GET', path: '/contacts/', body: '{"a":1}' }, /must be empty for a GET request/],
    [
      { method: 'GET', path: 'https://evil.example/steal' },
      /must be a path on the HighLevel API \(services\.leadconnectorhq\.com\).*not to evil\.example/,
    ],
    [
      { method: 'GET', path: 'http://services.leadconnectorhq.com.evil.example/contacts/' },
      /not to services\.leadconnectorhq\.com\.evil\.example/,
    ],
    [{ method: 'GET', path: '//evil.example/contacts/' }, /not to evil\.example/],
    [{ method: 'GET', path: '/\\evil.example/contacts/' }, /Path\\?" field must be a path on the HighLevel API/],
    [{ method: 'GET', path: 'contacts/abc' }, /Path\\?" field must start with \\?"\/\\?"/],
    [{ method: 'GET', path: '/contacts/{contactId}' }, /still contains the placeholder \{contactId\}/],
    [{ method: 'GET', path: '/contacts/:contactId/notes' }, /still contains the placeholder :contactId/],
    [{ method: 'POST', path: '/oauth/token', body: '{}' }, /cannot be an \/oauth endpoint/],
    [{ method: 'TRACE', path: '/contacts/' }, /HTTP Method\\?" field must be one of GET, POST, PUT, PATCH, DELETE/],
  ])('rejects %j before any request', async (input, message) => {
    const scope = ghlApi()
      .intercept(/.*/, input.method === 'TRACE' ? 'GET' : input.method)
      .reply(200, {}); // other hosts: no network at all
    const error = await reason(request(input));
    expect(error.message).toMatch(message);
    expect(error.code).toBe('invalid_input');
    expect(scope.isDone()).toBe(false);
  });

  it('throws HighLevel errors with the same mapped messages as every other step (404, 422)', async () => {
    ghlApi().get('/contacts/nope123').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const notFound = await reason(request({ method: 'GET', path: '/contacts/nope123' }));
    expect(notFound.message).toMatch(/no contact with ID "nope123"/);
    expect(notFound.status).toBe(400);

    ghlApi()
      .post('/contacts/')
      .reply(422, ghlError(422, ['property nickname should not exist'], { error: 'Unprocessable Entity' }));
    const invalid = await reason(
      request({ method: 'POST', path: '/contacts/', body: `{"locationId":"${LOCATION_ID}","firstName":"Maria"}` }),
    );
    expect(invalid.message).toMatch(/\(422\):\n- property nickname should not exist/);
    expect(invalid.code).toBe('invalid_input');
  });

  it('reports a missing scope as a step error (reconnecting would not help), not as an expired connection', async () => {
    ghlApi().get('/workflows/').query(true).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await reason(request({ method: 'GET', path: '/workflows/', query: { locationId: '{locationId}' } }));
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('missing_scope');
    expect(error.message).toMatch(/GET \/workflows\/: this connection does not include the permission \(scope\).*contacts\.write/);
  });

  it('still lets Zapier refresh an expired token', async () => {
    ghlApi().get(`/contacts/${CONTACT}`).reply(401, ghlError(401, 'Invalid JWT'));
    const error = await failure(request({ method: 'GET', path: `/contacts/${CONTACT}` }));
    expect(error.name).toBe('RefreshAuthError');
  });
});

describe('parsePath', () => {
  it('keeps {locationId} as a placeholder and splits off a query', () => {
    expect(parsePath(' /locations/{locationId}/customFields?model=contact ')).toEqual({
      path: '/locations/{locationId}/customFields',
      query: { model: 'contact' },
    });
    expect(parsePath('/contacts/a b')).toEqual({ path: '/contacts/a%20b', query: {} });
    expect(parsePath(`HTTPS://Services.LeadConnectorHQ.com:443/contacts/${CONTACT}/notes?x=1`)).toEqual({
      path: `/contacts/${CONTACT}/notes`,
      query: { x: '1' },
    });
    expect(() => parsePath('/contacts/%E0%A4%A')).toThrow(/broken %-escape/);
  });

  it("sends the Version the user gives (endpoint families outside our specs), else the spec's", async () => {
    ghlApi()
      .get('/contacts/c1')
      .matchHeader('version', '2021-07-28')
      .reply(200, { contact: { id: 'c1' } });
    await run('creates', 'api_request', bundle({ method: 'GET', path: '/contacts/c1' }));
    // Conversations are outside the specs we have, so this one request is not spec-checked.
    nock('https://services.leadconnectorhq.com')
      .get('/conversations/search')
      .query(true)
      .matchHeader('version', '2021-04-15')
      .reply(200, { conversations: [] });
    const out = await run(
      'creates',
      'api_request',
      bundle({ method: 'GET', path: '/conversations/search', query: { locationId: '{locationId}' }, version: '2021-04-15' }),
    );
    expect(out.status).toBe(200);
  });
});
