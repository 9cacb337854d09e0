import { describe, expect, it } from '@jest/globals';
import { parseList } from '../lib/inputs.js';
import { parseTags } from '../lib/memberships.js';
import { LOCATION_ID, bundle, failure, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';

describe('tag list parsing', () => {
  it('splits comma-separated values (also inside list items), trims, drops empties and dedupes', () => {
    expect(parseList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseList(['vip, newsletter', ' vip', '', 'Webinar 2026'])).toEqual(['vip', 'newsletter', 'Webinar 2026']);
    expect(parseList(['abc', 'ABC'])).toEqual(['abc', 'ABC']); // ids are case-sensitive
    expect(parseList(undefined)).toEqual([]);
  });

  it('dedupes tag names case-insensitively (HighLevel treats them so) and keeps the first spelling', () => {
    expect(parseTags(['VIP', 'vip', 'Newsletter, newsletter '])).toEqual(['VIP', 'Newsletter']);
  });

  it('rejects an empty tag list naming the field', () => {
    expect(() => parseTags([' , ', ''])).toThrow(/Tags\\" field needs at least one tag name/);
    expect(() => parseTags(undefined, 'Tags to Add')).toThrow(/Tags to Add\\" field needs at least one tag name/);
  });
});

describe.each<['add_tags' | 'remove_tags', 'post' | 'delete', number]>([
  ['add_tags', 'post', 201],
  ['remove_tags', 'delete', 200],
])('%s', (key, method, status) => {
  it('sends exactly the tag names (comma-separated text split) and returns the contact id with its resulting tags', async () => {
    let sent: unknown;
    const api = ghlApi() as any;
    const scope = api[method](`/contacts/${CONTACT}/tags`, (body: unknown) => ((sent = body), true)).reply(status, {
      tags: ['customer', 'vip'],
    });
    const result = await run('creates', key, bundle({ contactId: ` ${CONTACT} `, tags: ['vip, newsletter', 'VIP', ' webinar-2026 '] }));
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ tags: ['vip', 'newsletter', 'webinar-2026'] });
    expect(result).toEqual({ contactId: CONTACT, tags: ['customer', 'vip'], requestedTags: ['vip', 'newsletter', 'webinar-2026'] });
  });

  it('accepts one mapped text value (not a list) of comma-separated tags', async () => {
    const scope = ghlApi()
      [method](`/contacts/${CONTACT}/tags`, { tags: ['lead', 'facebook ad'] })
      .reply(status, { tags: ['lead', 'facebook ad'] });
    const result = await run('creates', key, bundle({ contactId: CONTACT, tags: 'lead,facebook ad,' }));
    expect(scope.isDone()).toBe(true);
    expect(result.tags).toEqual(['lead', 'facebook ad']);
  });

  it.each([
    [{ contactId: CONTACT }, /"Tags" field needs at least one tag name/],
    [{ contactId: CONTACT, tags: [' , ', ' '] }, /"Tags" field needs at least one tag name/],
    [{ tags: ['vip'] }, /"Contact" field is required/],
    [{ contactId: 'a,b', tags: ['vip'] }, /"Contact" field takes one ID/],
  ])('rejects %j before any request', async (input, message) => {
    const scope = ghlApi()[method](/.*/).reply(status, { tags: [] });
    const error = await reason(run('creates', key, bundle(input)));
    expect(error.message).toMatch(message);
    expect(error.code).toBe('invalid_input');
    expect(scope.isDone()).toBe(false);
  });

  it('names the contact when HighLevel does not know it (400 "Contact with id X not found")', async () => {
    ghlApi()[method]('/contacts/nope123/tags').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await reason(run('creates', key, bundle({ contactId: 'nope123', tags: 'vip' })));
    expect(error.message).toMatch(/no contact with ID "nope123"/);
    expect(error.code).toBe('not_found');
  });

  it('lists what HighLevel rejected on a 422', async () => {
    (ghlApi() as any)
      [method](`/contacts/${CONTACT}/tags`)
      .reply(422, ghlError(422, ['tags must contain no more than 100 elements'], { error: 'Unprocessable Entity' }));
    const error = await reason(run('creates', key, bundle({ contactId: CONTACT, tags: 'vip' })));
    expect(error.message).toMatch(/rejected the request \(422\):\n- tags must contain no more than 100 elements/);
    expect(error.status).toBe(422);
  });

  it('returns an empty tag list when HighLevel answers without one', async () => {
    ghlApi()[method](`/contacts/${CONTACT}/tags`).reply(status, {});
    expect(await run('creates', key, bundle({ contactId: CONTACT, tags: 'vip' }))).toEqual({
      contactId: CONTACT,
      tags: [],
      requestedTags: ['vip'],
    });
  });
});

describe('tag_list (dropdown)', () => {
  it('lists tag names as both id and label (tags are written by name), sorted and without duplicates', async () => {
    ghlApi()
      .get(`/locations/${LOCATION_ID}/tags`)
      .reply(200, {
        tags: [
          { id: 'tG1', name: 'vip', locationId: LOCATION_ID },
          { id: 'tG2', name: 'Customer', locationId: LOCATION_ID },
          { id: 'tG3', name: 'VIP', locationId: LOCATION_ID },
          { id: 'tG4', name: '  ', locationId: LOCATION_ID },
          { id: 'tG5', name: 'newsletter', locationId: LOCATION_ID },
        ],
      });
    expect(await run('triggers', 'tag_list', bundle({}, { isFillingDynamicDropdown: true }))).toEqual([
      { id: 'Customer', name: 'Customer' },
      { id: 'newsletter', name: 'newsletter' },
      { id: 'vip', name: 'vip' },
    ]);
  });

  it('asks for a reconnect when the connection lacks the tags scope', async () => {
    ghlApi().get(`/locations/${LOCATION_ID}/tags`).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('triggers', 'tag_list', bundle()));
    expect(error.name).toBe('ExpiredAuthError');
  });
});
