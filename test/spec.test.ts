// The checker itself: it must accept what HighLevel accepts and name what it would reject.
import { describe, expect, it } from '@jest/globals';
import { highLevelSpec } from '../sandbox/openapi.js';
import { LOCATION_ID, appTester, bundle, failure, ghlApi, specProblems, takeSpecViolations } from './helpers.js';
import { ghl } from '../lib/client.js';

const v = (version: string) => ({ version });

describe('HighLevel spec check', () => {
  it('accepts a valid contact create', () => {
    expect(
      specProblems({ method: 'POST', path: '/contacts/', headers: v('2021-07-28'), body: { locationId: LOCATION_ID, firstName: 'Ada' } }),
    ).toEqual([]);
  });

  it('rejects a body property the spec does not define (the live API answers 422)', () => {
    const problems = specProblems({
      method: 'POST',
      path: '/contacts/',
      headers: v('2021-07-28'),
      body: { locationId: LOCATION_ID, fullName: 'Ada' },
    });
    expect(problems.join()).toMatch(/fullName/);
  });

  it('rejects a missing required body field, a wrong Version and a missing required query field', () => {
    expect(specProblems({ method: 'POST', path: '/contacts/', headers: v('2021-07-28'), body: { firstName: 'Ada' } }).join()).toMatch(
      /locationId/,
    );
    expect(
      specProblems({ method: 'GET', path: '/calendars/', query: { locationId: LOCATION_ID }, headers: v('2021-07-28') }).join(),
    ).toMatch(/version/i);
    expect(specProblems({ method: 'GET', path: '/calendars/', headers: v('2021-04-15') }).join()).toMatch(/locationId/);
    expect(specProblems({ method: 'GET', path: '/contacts/abc', headers: {} }).join()).toMatch(/version/i);
  });

  it('rejects a path that is not in the spec', () => {
    expect(specProblems({ method: 'GET', path: '/contacts/abc/history', headers: v('2021-07-28') }).join()).toMatch(/not an operation/);
  });

  it("checks the contact search body against HighLevel's search doc (the spec leaves it empty)", () => {
    const ok = {
      locationId: LOCATION_ID,
      pageLimit: 100,
      sort: [{ field: 'dateAdded', direction: 'desc' }],
      filters: [{ field: 'dateAdded', operator: 'range', value: { gte: '2026-01-01T00:00:00Z' } }],
    };
    expect(specProblems({ method: 'POST', path: '/contacts/search', headers: v('2021-07-28'), body: ok })).toEqual([]);
    expect(
      specProblems({ method: 'POST', path: '/contacts/search', headers: v('2021-07-28'), body: { locationId: LOCATION_ID } }).join(),
    ).toMatch(/pageLimit/);
    expect(
      specProblems({ method: 'POST', path: '/contacts/search', headers: v('2021-07-28'), body: { ...ok, pageLimit: 501 } }),
    ).not.toEqual([]);
    expect(
      specProblems({
        method: 'POST',
        path: '/contacts/search',
        headers: v('2021-07-28'),
        body: { ...ok, filters: [{ field: 'contact_name', operator: 'eq', value: 'x' }] },
      }),
    ).not.toEqual([]);
  });

  it('matches operations across all spec files', () => {
    const spec = highLevelSpec();
    expect(spec.check({ method: 'GET', path: '/calendars/events/appointments/e1', headers: v('2021-04-15') }).operationId).toBe(
      'get-appointment',
    );
    expect(
      spec.check({ method: 'POST', path: '/contacts/upsert', headers: v('2021-07-28'), body: { locationId: LOCATION_ID } }).operationId,
    ).toBe('upsert-contact');
  });

  it('flags a deliberately bad request sent through the app and intercepted by nock', async () => {
    ghlApi()
      .post('/contacts/')
      .reply(201, { contact: { id: 'c1' } });
    await appTester(
      async (z: any) => ghl(z, { method: 'POST', path: '/contacts/', body: { locationId: LOCATION_ID, nickname: 'Ada' } }),
      bundle(),
    );
    const found = takeSpecViolations(); // taken here so the after-each check stays green
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/POST \/contacts\/ \(create-contact\).*nickname/);
  });

  it('passes a good request sent through the app', async () => {
    ghlApi()
      .get(`/contacts/c1`)
      .reply(200, { contact: { id: 'c1' } });
    await appTester(async (z: any) => ghl(z, { path: '/contacts/c1' }), bundle());
    expect(takeSpecViolations()).toEqual([]);
    expect(await failure(Promise.reject(new Error('x')))).toBeInstanceOf(Error);
  });
});
