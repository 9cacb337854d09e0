import { describe, expect, it } from '@jest/globals';
import { USER_ID, bundle, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const NOTE = 'ocQHyuzHvysMo5N5VsXc';
const apiNote = (extra: Record<string, unknown> = {}) => ({
  id: NOTE,
  body: 'Called Maria about the renewal.',
  userId: USER_ID,
  dateAdded: '2026-11-20T15:04:05.285Z',
  contactId: CONTACT,
  ...extra,
});

describe('create_note', () => {
  it('sends only the filled-in, spec-declared fields and returns the whole note with its ids', async () => {
    const scope = ghlApi()
      .post(`/contacts/${CONTACT}/notes`, (body) => {
        expect(body).toEqual({
          body: 'Called Maria about the renewal.',
          title: 'Call summary',
          userId: USER_ID,
          pinned: true,
          color: '#FFAA00',
        });
        return true;
      })
      .reply(201, { note: apiNote({ title: 'Call summary', pinned: true, color: '#FFAA00' }) });
    const note = await run(
      'creates',
      'create_note',
      bundle({
        contactId: CONTACT,
        body: 'Called Maria about the renewal.',
        title: ' Call summary ',
        userId: USER_ID,
        pinned: 'yes',
        color: 'fa0',
      }),
    );
    expect(scope.isDone()).toBe(true);
    expect(note).toEqual({
      id: NOTE,
      contactId: CONTACT,
      body: 'Called Maria about the renewal.',
      bodyText: 'Called Maria about the renewal.',
      title: 'Call summary',
      userId: USER_ID,
      pinned: true,
      color: '#FFAA00',
      dateAdded: '2026-11-20T15:04:05.285Z',
    });
  });

  it('sends just the body when nothing else is given, and fills in the contact id and plain text when HighLevel omits them', async () => {
    ghlApi()
      .post(`/contacts/${CONTACT}/notes`, { body: '<p>Quote sent &amp; signed</p>' })
      .reply(201, { note: { id: NOTE, body: '<p>Quote sent &amp; signed</p>', dateAdded: '2026-11-20T15:04:05Z' } });
    const note = await run('creates', 'create_note', bundle({ contactId: CONTACT, body: '<p>Quote sent &amp; signed</p>' }));
    expect(note).toMatchObject({ id: NOTE, contactId: CONTACT, bodyText: 'Quote sent & signed', dateAdded: '2026-11-20T15:04:05.000Z' });
  });

  it.each([
    [{ contactId: CONTACT, body: '   ' }, /"Body" field is required/],
    [{ contactId: CONTACT }, /"Body" field is required/],
    [{ contactId: CONTACT, body: 'x', color: 'orange' }, /"Color" field must be a hex color code such as #FFAA00 — got "orange"/],
    [{ contactId: CONTACT, body: 'x', pinned: 'maybe' }, /"Pinned" field must be Yes or No/],
    [{ body: 'x' }, /"Contact" field is required/],
  ])('rejects invalid input %j before any request', async (input, message) => {
    const scope = ghlApi().post(`/contacts/${CONTACT}/notes`).reply(201, { note: apiNote() });
    const error = await reason(run('creates', 'create_note', bundle(input)));
    expect(error.message).toMatch(message);
    expect(scope.isDone()).toBe(false);
  });

  it('names the contact when HighLevel does not know it', async () => {
    ghlApi().post('/contacts/nope123/notes').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await reason(run('creates', 'create_note', bundle({ contactId: 'nope123', body: 'Hello' })));
    expect(error.message).toMatch(/no contact with ID "nope123"/);
  });

  it('lists what HighLevel rejected on a 422', async () => {
    ghlApi()
      .post(`/contacts/${CONTACT}/notes`)
      .reply(422, ghlError(422, ['userId must be a valid id'], { error: 'Unprocessable Entity' }));
    const error = await reason(run('creates', 'create_note', bundle({ contactId: CONTACT, body: 'Hello', userId: 'bad' })));
    expect(error.message).toMatch(/rejected the request \(422\):\n- userId must be a valid id/);
  });

  it('fails clearly when HighLevel answers without the note', async () => {
    ghlApi().post(`/contacts/${CONTACT}/notes`).reply(201, {});
    const error = await reason(run('creates', 'create_note', bundle({ contactId: CONTACT, body: 'Hello' })));
    expect(error.message).toMatch(/without the note/);
  });
});

describe('update_note', () => {
  it('sends only the fields given (no body when the text is left empty)', async () => {
    ghlApi()
      .put(`/contacts/${CONTACT}/notes/${NOTE}`, (body) => {
        expect(body).toEqual({ pinned: false, title: 'Renewal' });
        return true;
      })
      .reply(200, { note: apiNote({ title: 'Renewal', pinned: false }) });
    const note = await run('creates', 'update_note', bundle({ contactId: CONTACT, noteId: NOTE, title: 'Renewal', pinned: false }));
    expect(note).toMatchObject({ id: NOTE, contactId: CONTACT, title: 'Renewal', pinned: false, dateAdded: '2026-11-20T15:04:05.285Z' });
  });

  it('replaces the text when a body is given', async () => {
    ghlApi()
      .put(`/contacts/${CONTACT}/notes/${NOTE}`, { body: 'New text' })
      .reply(200, { note: apiNote({ body: 'New text' }) });
    const note = await run('creates', 'update_note', bundle({ contactId: CONTACT, noteId: NOTE, body: 'New text' }));
    expect(note.body).toBe('New text');
  });

  it.each([
    [{ contactId: CONTACT, noteId: NOTE }, /Nothing to update/],
    [{ contactId: CONTACT, noteId: NOTE, body: '  ' }, /"Body" field must not be blank/],
    [{ contactId: CONTACT, body: 'x' }, /"Note" field is required/],
  ])('rejects %j before any request', async (input, message) => {
    const scope = ghlApi().put(`/contacts/${CONTACT}/notes/${NOTE}`).reply(200, { note: apiNote() });
    const error = await reason(run('creates', 'update_note', bundle(input)));
    expect(error.message).toMatch(message);
    expect(scope.isDone()).toBe(false);
  });

  it.each([
    [400, 'Note not found'],
    [404, 'Not Found'],
  ])('names the note when HighLevel answers %i "%s"', async (status, message) => {
    ghlApi().put(`/contacts/${CONTACT}/notes/missing1`).reply(status, ghlError(status, message));
    const error = await reason(run('creates', 'update_note', bundle({ contactId: CONTACT, noteId: 'missing1', body: 'x' })));
    expect(error.message).toMatch(/no note with ID "missing1"/);
  });

  it('lists what HighLevel rejected on a 422', async () => {
    ghlApi()
      .put(`/contacts/${CONTACT}/notes/${NOTE}`)
      .reply(422, ghlError(422, ['color must be a hex color']));
    const error = await reason(run('creates', 'update_note', bundle({ contactId: CONTACT, noteId: NOTE, color: '#123456' })));
    expect(error.message).toMatch(/\(422\):\n- color must be a hex color/);
  });
});

describe('delete_note', () => {
  it('deletes the note and returns its ids', async () => {
    const scope = ghlApi().delete(`/contacts/${CONTACT}/notes/${NOTE}`).reply(200, { succeded: true });
    const result = await run('creates', 'delete_note', bundle({ contactId: CONTACT, noteId: NOTE }));
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ id: NOTE, contactId: CONTACT, deleted: true });
  });

  it('fails when HighLevel says it did not delete', async () => {
    ghlApi().delete(`/contacts/${CONTACT}/notes/${NOTE}`).reply(200, { succeded: false });
    const error = await reason(run('creates', 'delete_note', bundle({ contactId: CONTACT, noteId: NOTE })));
    expect(error.message).toMatch(new RegExp(`did not delete note "${NOTE}"`));
  });

  it('names the note when it does not exist', async () => {
    ghlApi().delete(`/contacts/${CONTACT}/notes/gone42`).reply(400, ghlError(400, 'Note not found'));
    const error = await reason(run('creates', 'delete_note', bundle({ contactId: CONTACT, noteId: 'gone42' })));
    expect(error.message).toMatch(/no note with ID "gone42"/);
  });

  it('requires the note before any request', async () => {
    const error = await reason(run('creates', 'delete_note', bundle({ contactId: CONTACT })));
    expect(error.message).toMatch(/"Note" field is required/);
  });
});
