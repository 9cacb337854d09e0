import { describe, expect, it } from '@jest/globals';
import { LOCATION_ID, bundle, failure, ghlApi, ghlError, run } from './helpers.js';
import { LOOKBACK_MINUTES, SCAN_CONTACTS } from '../triggers/new_note.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const note = (id: string, contactId: string, dateAdded: string) => ({ id, body: `Note ${id}`, dateAdded, contactId });
const contactIds = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}xxxxxxxxxxxxxxxxx`);

describe('new_note with a chosen contact (one request per poll)', () => {
  const notes = [
    note('nB', CONTACT, '2026-11-02T12:30:00.000Z'),
    note('nD', CONTACT, '2026-11-21T08:00:00.000Z'),
    note('nA', CONTACT, '2026-10-01T09:00:00.000Z'),
    note('nC', CONTACT, '2026-11-20T15:04:05.285Z'),
  ];

  it("returns all the contact's notes newest first, with ISO dates and the contact id", async () => {
    const scope = ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes });
    const items = await run('triggers', 'new_note', bundle({ contactId: CONTACT }));
    expect(scope.isDone()).toBe(true);
    expect(items.map((n: any) => n.id)).toEqual(['nD', 'nC', 'nB', 'nA']);
    expect(items[1]).toMatchObject({ contactId: CONTACT, dateAdded: '2026-11-20T15:04:05.285Z', bodyText: 'Note nC' });
  });

  it('returns at most 3 when loading a sample', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes });
    const items = await run('triggers', 'new_note', bundle({ contactId: CONTACT }, { isLoadingSample: true }));
    expect(items.map((n: any) => n.id)).toEqual(['nD', 'nC', 'nB']);
  });

  it('names the contact when it does not exist', async () => {
    ghlApi().get('/contacts/gone1/notes').reply(400, ghlError(400, 'Contact with id gone1 not found'));
    const error = await failure(run('triggers', 'new_note', bundle({ contactId: 'gone1' })));
    expect(error.message).toMatch(/no contact with ID \\"gone1\\"/);
  });
});

describe('new_note without a contact (bounded scan of recently updated contacts)', () => {
  it(`searches the ${SCAN_CONTACTS} latest-updated contacts of the last ${LOOKBACK_MINUTES} min, then one notes request each; only recent notes, newest first`, async () => {
    const before = Date.now();
    const [c0, c1, c2] = contactIds(3) as [string, string, string];
    const api = ghlApi();
    api
      .post('/contacts/search', (body) => {
        expect(body).toEqual({
          locationId: LOCATION_ID,
          pageLimit: SCAN_CONTACTS,
          sort: [{ field: 'dateUpdated', direction: 'desc' }],
          filters: [{ field: 'dateUpdated', operator: 'range', value: { gte: expect.any(String) } }],
        });
        const gte = Date.parse(body.filters[0].value.gte);
        expect(gte).toBeGreaterThanOrEqual(before - LOOKBACK_MINUTES * 60_000 - 1000);
        expect(gte).toBeLessThanOrEqual(Date.now() - LOOKBACK_MINUTES * 60_000 + 1000);
        return true;
      })
      .reply(200, { contacts: [{ id: c0 }, { id: c1 }, { id: c2 }], total: 3 });
    api.get(`/contacts/${c0}/notes`).reply(200, { notes: [note('old0', c0, minutesAgo(60 * 24 * 30)), note('new0', c0, minutesAgo(5))] });
    api.get(`/contacts/${c1}/notes`).reply(200, { notes: [note('new1', c1, minutesAgo(1))] });
    // deleted between the search and the notes request: skipped, not a failed poll
    api.get(`/contacts/${c2}/notes`).reply(400, ghlError(400, `Contact with id ${c2} not found`));
    const items = await run('triggers', 'new_note', bundle({}));
    expect(api.isDone()).toBe(true);
    expect(items.map((n: any) => [n.id, n.contactId])).toEqual([
      ['new1', c1],
      ['new0', c0],
    ]);
  });

  it(`never sends more than 1 + ${SCAN_CONTACTS} requests, even if the search returns more contacts (and duplicates)`, async () => {
    const ids = contactIds(SCAN_CONTACTS + 3);
    const api = ghlApi();
    api.post('/contacts/search').reply(200, { contacts: [{ id: ids[0] }, ...ids.map((id) => ({ id }))] });
    const scanned = ids.slice(0, SCAN_CONTACTS);
    for (const id of scanned) api.get(`/contacts/${id}/notes`).reply(200, { notes: [note(`n-${id}`, id, minutesAgo(2))] });
    const extra = ghlApi()
      .get(/\/contacts\/c1[0-2]x+\/notes/)
      .reply(200, { notes: [] });
    const items = await run('triggers', 'new_note', bundle({}));
    expect(api.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(items).toHaveLength(SCAN_CONTACTS);
  });

  it('costs a single request when no contact changed', async () => {
    ghlApi().post('/contacts/search').reply(200, { contacts: [], total: 0 });
    expect(await run('triggers', 'new_note', bundle({}))).toEqual([]);
  });

  it('loads a sample from the latest-updated contacts without the time window, at most 3 notes', async () => {
    const [c0, c1] = contactIds(2) as [string, string];
    const api = ghlApi();
    api
      .post('/contacts/search', (body) => {
        expect(body).toEqual({ locationId: LOCATION_ID, pageLimit: SCAN_CONTACTS, sort: [{ field: 'dateUpdated', direction: 'desc' }] });
        return true;
      })
      .reply(200, { contacts: [{ id: c0 }, { id: c1 }] });
    api
      .get(`/contacts/${c0}/notes`)
      .reply(200, { notes: [note('a', c0, '2026-01-01T00:00:00.000Z'), note('b', c0, '2026-03-01T00:00:00.000Z')] });
    api
      .get(`/contacts/${c1}/notes`)
      .reply(200, { notes: [note('c', c1, '2026-02-01T00:00:00.000Z'), note('d', c1, '2025-12-01T00:00:00.000Z')] });
    const items = await run('triggers', 'new_note', bundle({}, { isLoadingSample: true }));
    expect(items.map((n: any) => n.id)).toEqual(['b', 'c', 'a']);
  });

  it('fails the poll on a real error from a notes request', async () => {
    const [c0] = contactIds(1) as [string];
    ghlApi()
      .post('/contacts/search')
      .reply(200, { contacts: [{ id: c0 }] });
    ghlApi().get(`/contacts/${c0}/notes`).reply(500, ghlError(500, 'Internal server error'));
    const error = await failure(run('triggers', 'new_note', bundle({})));
    expect(error.message).toMatch(/server error \(500\)/);
  });
});
