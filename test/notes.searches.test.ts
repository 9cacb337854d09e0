import { describe, expect, it } from '@jest/globals';
import { USER_ID, bundle, failure, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
/** As HighLevel lists them: not in date order. */
const NOTES = [
  {
    id: 'n1Old0000000000000aa',
    body: 'First call. Interested in the Pro plan.',
    userId: USER_ID,
    dateAdded: '2026-10-01T09:00:00.000Z',
    contactId: CONTACT,
  },
  {
    id: 'n3New0000000000000cc',
    body: '<p>Sent the <b>RENEWAL</b> quote &amp; contract</p>',
    dateAdded: '2026-11-20T15:04:05.285Z',
    contactId: CONTACT,
    title: 'Quote',
  },
  {
    id: 'n2Mid0000000000000bb',
    body: 'Renewal call booked for next week.',
    title: 'Follow-up',
    dateAdded: '2026-11-02T12:30:00.000Z',
    contactId: CONTACT,
  },
];

describe('find_note', () => {
  it('finds notes containing the text in body or title, case-insensitively, newest first', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes: NOTES });
    const found = await run('searches', 'find_note', bundle({ contactId: CONTACT, query: 'renewal' }));
    expect(found.map((n: any) => n.id)).toEqual(['n3New0000000000000cc', 'n2Mid0000000000000bb']);
    expect(found[0]).toMatchObject({
      contactId: CONTACT,
      bodyText: 'Sent the RENEWAL quote & contract',
      dateAdded: '2026-11-20T15:04:05.285Z',
    });
  });

  it('matches the title and text across HTML and entities', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).times(2).reply(200, { notes: NOTES });
    expect((await run('searches', 'find_note', bundle({ contactId: CONTACT, query: 'FOLLOW-UP' }))).map((n: any) => n.id)).toEqual([
      'n2Mid0000000000000bb',
    ]);
    expect((await run('searches', 'find_note', bundle({ contactId: CONTACT, query: 'quote & contract' }))).map((n: any) => n.id)).toEqual([
      'n3New0000000000000cc',
    ]);
  });

  it('returns [] when no note matches', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes: NOTES });
    expect(await run('searches', 'find_note', bundle({ contactId: CONTACT, query: 'cancellation' }))).toEqual([]);
  });

  it('returns every note, newest first, without search text (the first is the latest note)', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes: NOTES });
    const found = await run('searches', 'find_note', bundle({ contactId: CONTACT }));
    expect(found.map((n: any) => n.id)).toEqual(['n3New0000000000000cc', 'n2Mid0000000000000bb', 'n1Old0000000000000aa']);
  });

  it('returns [] for a contact without notes', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes`).reply(200, { notes: [] });
    expect(await run('searches', 'find_note', bundle({ contactId: CONTACT, query: 'x' }))).toEqual([]);
  });

  it('names the contact when HighLevel does not know it', async () => {
    ghlApi().get('/contacts/unknown77/notes').reply(400, ghlError(400, 'Contact with id unknown77 not found'));
    const error = await reason(run('searches', 'find_note', bundle({ contactId: 'unknown77', query: 'x' })));
    expect(error.message).toMatch(/no contact with ID "unknown77"/);
  });

  it('needs a contact before any request', async () => {
    const error = await reason(run('searches', 'find_note', bundle({ query: 'x' })));
    expect(error.message).toMatch(/"Contact" field is required/);
  });
});

describe('get_note', () => {
  it('gets the note by id', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes/n2Mid0000000000000bb`).reply(200, { note: NOTES[2] });
    const found = await run('searches', 'get_note', bundle({ contactId: CONTACT, noteId: 'n2Mid0000000000000bb' }));
    expect(found).toEqual([{ ...NOTES[2], bodyText: 'Renewal call booked for next week.' }]);
  });

  it.each([
    [400, 'Note not found'],
    [404, 'Not Found'],
  ])('returns [] when HighLevel answers %i "%s"', async (status, message) => {
    ghlApi().get(`/contacts/${CONTACT}/notes/missing1`).reply(status, ghlError(status, message));
    expect(await run('searches', 'get_note', bundle({ contactId: CONTACT, noteId: 'missing1' }))).toEqual([]);
  });

  it('fails on other errors (422) with what HighLevel said', async () => {
    ghlApi()
      .get(`/contacts/${CONTACT}/notes/bad`)
      .reply(422, ghlError(422, ['id must be a valid id']));
    const error = await reason(run('searches', 'get_note', bundle({ contactId: CONTACT, noteId: 'bad' })));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
    expect(error.message).toMatch(/- id must be a valid id/);
  });

  it('still asks for a reconnect on a missing scope', async () => {
    ghlApi().get(`/contacts/${CONTACT}/notes/n1`).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('searches', 'get_note', bundle({ contactId: CONTACT, noteId: 'n1' })));
    expect(error.name).toBe('ExpiredAuthError');
  });

  it('needs the note before any request', async () => {
    const error = await reason(run('searches', 'get_note', bundle({ contactId: CONTACT })));
    expect(error.message).toMatch(/"Note" field is required/);
  });
});

describe('note_list (dropdown)', () => {
  it("lists the chosen contact's notes newest first, labelled by their first ~60 characters", async () => {
    const long = { id: 'n4Long000000000000dd', body: 'A'.repeat(40) + ' ' + 'B'.repeat(40), dateAdded: '2026-11-21T08:00:00.000Z' };
    ghlApi()
      .get(`/contacts/${CONTACT}/notes`)
      .reply(200, { notes: [...NOTES, long, { id: 'n5Empty00000000000ee', body: '', title: 'Just a title' }] });
    const items = await run('triggers', 'note_list', bundle({ contactId: CONTACT }, { isFillingDynamicDropdown: true }));
    expect(items.map((i: any) => [i.id, i.label])).toEqual([
      ['n4Long000000000000dd', `${'A'.repeat(40)} ${'B'.repeat(18)}…`],
      ['n3New0000000000000cc', 'Sent the RENEWAL quote & contract'],
      ['n2Mid0000000000000bb', 'Renewal call booked for next week.'],
      ['n1Old0000000000000aa', 'First call. Interested in the Pro plan.'],
      ['n5Empty00000000000ee', 'Just a title'],
    ]);
    expect(items[0].label.length).toBe(60);
  });

  it('asks for the contact first, without a request', async () => {
    const error = await reason(run('triggers', 'note_list', bundle({}, { isFillingDynamicDropdown: true })));
    expect(error.message).toMatch(/"Contact" field must be chosen first/);
  });
});
