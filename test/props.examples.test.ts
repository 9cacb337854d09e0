// Counterexamples the property suites found (each was a bug, fixed in the app), kept as fixed examples through the
// same property (test/props.support.ts) plus what the fix promises. A new find goes here with the fix.
import { describe, expect, it } from '@jest/globals';
import { explain } from './helpers.js';
import { ghlPath } from '../lib/client.js';
import { isInputError } from './faults.support.js';
import { checkExample, useSandbox } from './props.support.js';
import { SEED } from '../sandbox/server.js';

useSandbox();

const ADA = SEED.contacts.ada;
const message = (e: Error | undefined) => (e ? explain(e).message : '');

describe('a required id left empty never becomes a request for ".../undefined"', () => {
  const cases: ['creates' | 'searches', string, Record<string, unknown>, string][] = [
    ['searches', 'get_contact', {}, 'Contact'],
    ['creates', 'delete_contact', {}, 'Contact'],
    ['creates', 'update_contact', { firstName: 'Maria' }, 'Contact'],
    ['searches', 'find_contacts_by_business', { query: ' ' }, 'Business ID'],
  ];
  it.each(cases)('%s.%s %j', async (group, key, input, label) => {
    const o = await checkExample(group, key, { ...input });
    expect(o.sent).toEqual([]);
    expect(isInputError(o.error)).toBe(true);
    expect(message(o.error)).toMatch(new RegExp(`^The "${label}" field is required`));
  });
});

describe('an id of "." or ".." never moves a request to another endpoint (/contacts/../x is /x)', () => {
  const cases: ['creates' | 'searches', string, Record<string, unknown>, string][] = [
    ['creates', 'add_to_campaign', { contactId: ['.'], campaignId: SEED.campaignId }, 'Contact'],
    ['creates', 'update_task', { contactId: ADA, taskId: '..', title: 'Call back' }, 'Task'],
    ['creates', 'delete_contact', { contactId: '..' }, 'Contact'],
    ['searches', 'find_contact', { contactId: ' .. ' }, 'Contact'],
  ];
  it.each(cases)('%s.%s %j', async (group, key, input, label) => {
    const o = await checkExample(group, key, input);
    expect(o.sent).toEqual([]);
    expect(message(o.error)).toMatch(new RegExp(`^The "${label}" field is not an ID`));
  });

  it('ghlPath refuses them whatever the caller (a last line of defence)', () => {
    expect(() => ghlPath`/contacts/${'..'}/notes`).toThrow(/\\"\.\.\\" is not an ID/); // the message is Zapier's JSON
    expect(() => ghlPath`/contacts/${'.'}`).toThrow(/not an ID/);
    expect(ghlPath`/contacts/${'...'}/notes/${'a/../b'}`).toBe('/contacts/.../notes/a%2F..%2Fb');
  });

  it('a blank Contact in Find Contact is "not given", not GET /contacts/', async () => {
    const o = await checkExample('searches', 'find_contact', { contactId: '   ' });
    expect(o.sent).toEqual([]);
    expect(message(o.error)).toMatch(/^The "Email" field or one of "Contact", "Phone" or "Full Name" must be filled/);
  });
});

describe("values of another type than the field's", () => {
  it('a number or a list in a contact text field is sent as text (a JSON number or array: 422)', async () => {
    for (const firstName of [[], 1234, ['Maria', 'José']]) {
      const o = await checkExample('creates', 'upsert_contact', { firstName, email: 'maria@example.com' });
      expect(o.error).toBeUndefined();
    }
  });

  it('a non-text search filter does not crash Find Contacts by Business', async () => {
    for (const query of [42, ['a', 'b'], true]) {
      const o = await checkExample('searches', 'find_contacts_by_business', { business: SEED.businessId, query });
      expect(o.error).toBeUndefined();
    }
  });

  it('a list of one id is that id; a list of several is named as a list', async () => {
    expect((await checkExample('creates', 'add_tags', { contactId: [ADA], tags: 'vip' })).error).toBeUndefined();
    const several = await checkExample('creates', 'add_tags', { contactId: [ADA, SEED.contacts.grace], tags: 'vip' });
    expect(message(several.error)).toMatch(/^The "Contact" field takes one ID, but got a list/);
  });
});

describe('text cut in the middle of an emoji (a lone surrogate) is not a URIError', () => {
  it('in an id (path) and in a query parameter', async () => {
    const o = await checkExample('searches', 'find_note', { contactId: '\ud800', query: ' ' });
    expect(o.sent).toHaveLength(1);
    const q = await checkExample('creates', 'api_request', {
      method: 'GET',
      path: '/contacts/',
      query: { locationId: '{locationId}', query: 'Zo\ud83d' },
    });
    expect(q.sent).toHaveLength(1);
  });
});

describe('Make an API Request', () => {
  it('a Query String Parameters value that is not name/value pairs is an input error (not one parameter per character)', async () => {
    const o = await checkExample('creates', 'api_request', { method: 'GET', path: '/contacts/', query: 'limit=5' });
    expect(o.sent).toEqual([]);
    expect(message(o.error)).toMatch(/^The "Query String Parameters" field must be name\/value pairs/);
  });

  it('an API Version with a line break (header injection) is an input error, not a TypeError', async () => {
    const o = await checkExample('creates', 'api_request', {
      method: 'PATCH',
      path: '/locations/{locationId}/tags',
      version: '2021-07-28\r\nX-Evil: 1',
    });
    expect(o.sent).toEqual([]);
    expect(message(o.error)).toMatch(/^The "API Version" field must be a version such as 2021-07-28/);
  });
});
