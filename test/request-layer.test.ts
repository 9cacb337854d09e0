// lib/client.ts encodes the query and an object body itself: zapier-platform-core would blank every {{…}} in them,
// and HighLevel's own merge fields ({{contact.first_name}}) are {{…}} text a user may well write in a note or a query.
import { describe, expect, it } from '@jest/globals';
import { LOCATION_ID, bundle, ghlApi, run } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';

describe('the request layer sends what the user wrote', () => {
  it("keeps HighLevel merge fields ({{contact.first_name}}) in a note's text", async () => {
    const text = 'Hi {{contact.first_name}}, see you at {{appointment.start_time}}.';
    let raw = '';
    const scope = ghlApi()
      .post(`/contacts/${CONTACT}/notes`, (body: unknown) => ((raw = JSON.stringify(body)), true))
      .reply(201, { note: { id: 'nT1', body: text, contactId: CONTACT, dateAdded: '2026-11-20T10:00:00.000Z' } });
    await run('creates', 'create_note', bundle({ contactId: CONTACT, body: text }));
    expect(scope.isDone()).toBe(true);
    expect(JSON.parse(raw)).toMatchObject({ body: text });
  });

  it('keeps {{…}} in a query parameter', async () => {
    const scope = ghlApi()
      .get('/contacts/')
      .query({ locationId: LOCATION_ID, query: '{{contact.first_name}}' })
      .reply(200, { contacts: [], meta: { total: 0 } });
    await run(
      'creates',
      'api_request',
      bundle({ method: 'GET', path: '/contacts/', query: { locationId: '{locationId}', query: '{{contact.first_name}}' } }),
    );
    expect(scope.isDone()).toBe(true);
  });
});
