import { describe, expect, it } from '@jest/globals';
import { USER_ID, bundle, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const OTHER_USER = 'Mx6wyHhbFdRXh302Luer';

describe.each<['add_followers' | 'remove_followers', 'post' | 'delete', number, 'followersAdded' | 'followersRemoved']>([
  ['add_followers', 'post', 201, 'followersAdded'],
  ['remove_followers', 'delete', 200, 'followersRemoved'],
])('%s', (key, method, status, changed) => {
  it('sends exactly the user ids (comma-separated text split, deduped) and returns the resulting followers', async () => {
    let sent: unknown;
    const api = ghlApi() as any;
    const scope = api[method](`/contacts/${CONTACT}/followers`, (body: unknown) => ((sent = body), true)).reply(status, {
      followers: [USER_ID],
      [changed]: [OTHER_USER],
    });
    const result = await run('creates', key, bundle({ contactId: CONTACT, followers: [`${USER_ID}, ${OTHER_USER}`, USER_ID] }));
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ followers: [USER_ID, OTHER_USER] });
    expect(result).toEqual({ contactId: CONTACT, followers: [USER_ID], [changed]: [OTHER_USER] });
  });

  it('returns empty lists when HighLevel answers without them', async () => {
    (ghlApi() as any)[method](`/contacts/${CONTACT}/followers`, { followers: [USER_ID] }).reply(status, {});
    expect(await run('creates', key, bundle({ contactId: CONTACT, followers: USER_ID }))).toEqual({
      contactId: CONTACT,
      followers: [],
      [changed]: [],
    });
  });

  it('rejects an empty follower list before any request', async () => {
    const scope = ghlApi()[method](/.*/).reply(status, {});
    const error = await reason(run('creates', key, bundle({ contactId: CONTACT, followers: [' ', ','] })));
    expect(error.message).toMatch(/Followers\\?" field needs at least one user/);
    expect(scope.isDone()).toBe(false);
  });

  it('names the contact when HighLevel does not know it', async () => {
    ghlApi()[method]('/contacts/nope123/followers').reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await reason(run('creates', key, bundle({ contactId: 'nope123', followers: USER_ID })));
    expect(error.message).toMatch(/no contact with ID "nope123"/);
  });

  it('lists what HighLevel rejected on a 422', async () => {
    (ghlApi() as any)
      [method](`/contacts/${CONTACT}/followers`)
      .reply(422, ghlError(422, ['each value in followers must be a string'], { error: 'Unprocessable Entity' }));
    const error = await reason(run('creates', key, bundle({ contactId: CONTACT, followers: USER_ID })));
    expect(error.message).toMatch(/\(422\):\n- each value in followers must be a string/);
  });
});
