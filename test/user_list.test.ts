import { describe, expect, it } from '@jest/globals';
import { COMPANY_ID, LOCATION_ID, bundle, failure, ghlApi, ghlError, run } from './helpers.js';

describe('user_list (dropdown)', () => {
  it('lists the sub-account users by name with their email, skipping deleted ones', async () => {
    ghlApi()
      .get('/users/search')
      .query({ companyId: COMPANY_ID, locationId: LOCATION_ID, skip: '100', limit: '100', sort: 'firstName', sortDirection: 'asc' })
      .reply(200, {
        users: [
          { id: 'u1', name: 'Maria Lopez', email: 'maria@acme.example', deleted: false },
          { id: 'u2', firstName: 'Sam', lastName: 'Lee', deleted: true },
        ],
        count: 2,
      });
    const users = await run('triggers', 'user_list', bundle({}, { page: 1 }));
    expect(users).toEqual([{ id: 'u1', name: 'Maria Lopez (maria@acme.example)' }]);
  });

  it('asks for a reconnect when the connection lacks the users scope', async () => {
    ghlApi().get('/users/search').query(true).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('triggers', 'user_list', bundle()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Reconnect HighLevel/);
  });
});
