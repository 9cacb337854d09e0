import { describe, expect, it } from '@jest/globals';
import { LOCATION_ID, bundle, ghlApi, ghlError, run, reason } from './helpers.js';

const C1 = 'sx6wyHhbFdRXh302LLNR';
const C2 = 'qFSqySFkVvNzOSqgGqFi';
const C3 = '3ualbhnV7j3n3a9r2moD';

const ok = (contactId: string, extra: Record<string, unknown> = {}) => ({
  contactId,
  message: 'Tags updated',
  type: 'success',
  oldTags: ['customer'],
  tagsAdded: [],
  tagsRemoved: [],
  ...extra,
});

describe('bulk_update_tags', () => {
  it('adds: one request with the contacts, tags and location, and returns the counts', async () => {
    let sent: unknown;
    const scope = ghlApi()
      .post('/contacts/bulk/tags/update/add', (body: unknown) => ((sent = body), true))
      .reply(201, {
        succeded: false,
        errorCount: 1,
        responses: [
          ok(C1, { tagsAdded: ['vip'] }),
          ok(C2, { tagsAdded: ['vip'] }),
          { contactId: C3, message: 'contact does not belong to location', type: 'error' },
        ],
      });
    const result = await run(
      'creates',
      'bulk_update_tags',
      bundle({ action: 'add', contacts: [`${C1}, ${C2}`, C3, C1], tags: 'vip, VIP' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ contacts: [C1, C2, C3], tags: ['vip'], locationId: LOCATION_ID });
    expect(result).toMatchObject({
      action: 'add',
      succeeded: false,
      contactCount: 3,
      successCount: 2,
      errorCount: 1,
      tags: ['vip'],
      removeAllTags: false,
      failedContactIds: [C3],
      errors: `${C3}: contact does not belong to location`,
    });
    expect(result.responses).toHaveLength(3);
  });

  it('removes: sends removeAllTags only when asked, with an empty tag list allowed then', async () => {
    let sent: unknown;
    ghlApi()
      .post('/contacts/bulk/tags/update/remove', (body: unknown) => ((sent = body), true))
      .reply(201, { succeded: true, errorCount: 0, responses: [ok(C1, { tagsRemoved: ['customer'] })] });
    const result = await run('creates', 'bulk_update_tags', bundle({ action: 'remove', contacts: [C1], removeAllTags: true }));
    expect(sent).toEqual({ contacts: [C1], tags: [], locationId: LOCATION_ID, removeAllTags: true });
    expect(result).toMatchObject({
      action: 'remove',
      succeeded: true,
      contactCount: 1,
      successCount: 1,
      errorCount: 0,
      removeAllTags: true,
      errors: '',
    });
  });

  it('removes named tags without removeAllTags, and counts successes from errorCount when HighLevel gives no per-contact results', async () => {
    let sent: unknown;
    ghlApi()
      .post('/contacts/bulk/tags/update/remove', (body: unknown) => ((sent = body), true))
      .reply(201, { succeded: true, errorCount: 0, responses: [] });
    const result = await run(
      'creates',
      'bulk_update_tags',
      bundle({ action: 'remove', contacts: `${C1},${C2}`, tags: ['old-lead'], removeAllTags: false }),
    );
    expect(sent).toEqual({ contacts: [C1, C2], tags: ['old-lead'], locationId: LOCATION_ID });
    expect(result).toMatchObject({ succeeded: true, contactCount: 2, successCount: 2, errorCount: 0 });
  });

  it("fails the step, listing HighLevel's reasons, when no contact was updated", async () => {
    ghlApi()
      .post('/contacts/bulk/tags/update/add')
      .reply(201, {
        succeded: false,
        errorCount: 2,
        responses: [
          { contactId: 'abcdef', message: 'contact id is not a valid firebase id', type: 'error' },
          { contactId: C3, message: 'contact is deleted', type: 'error' },
        ],
      });
    const error = await reason(run('creates', 'bulk_update_tags', bundle({ action: 'add', contacts: ['abcdef', C3], tags: 'vip' })));
    expect(error.message).toMatch(
      'HighLevel updated none of the 2 contact(s):\n- abcdef: contact id is not a valid firebase id\n- 3ualbhnV7j3n3a9r2moD: contact is deleted',
    );
    expect(error.code).toBe('bulk_failed');
  });

  it.each([
    [{ action: 'add', contacts: [C1] }, /Tags\\?" field needs at least one tag name/],
    [{ action: 'remove', contacts: [C1], tags: ' , ' }, /Tags\\?" field needs at least one tag name/],
    [{ action: 'add', tags: 'vip' }, /Contacts\\?" field needs at least one contact/],
    [{ action: 'add', contacts: [C1], removeAllTags: true }, /Remove All Tags\\?" field can only be Yes with the action/],
    [{ action: 'replace', contacts: [C1], tags: 'vip' }, /Action\\?" field must be \\?"add\\?" or \\?"remove\\?"/],
  ])('rejects %j before any request', async (input, message) => {
    const scope = ghlApi().post(/.*/).reply(201, { succeded: true, errorCount: 0, responses: [] });
    const error = await reason(run('creates', 'bulk_update_tags', bundle(input)));
    expect(error.message).toMatch(message);
    expect(error.code).toBe('invalid_input');
    expect(scope.isDone()).toBe(false);
  });

  it('lists what HighLevel rejected on a 422', async () => {
    ghlApi()
      .post('/contacts/bulk/tags/update/add')
      .reply(422, ghlError(422, ['contacts must contain at least 1 elements'], { error: 'Unprocessable Entity' }));
    const error = await reason(run('creates', 'bulk_update_tags', bundle({ action: 'add', contacts: [C1], tags: 'vip' })));
    expect(error.message).toMatch(/\(422\):\n- contacts must contain at least 1 elements/);
  });
});
