// Campaign and workflow enrolment (add/remove), and their dropdowns.
import { describe, expect, it } from '@jest/globals';
import { LOCATION_ID, bundle, ghlApi, ghlError, run, reason } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const CAMPAIGN = 'Y2I9XM7aO1hncuSOlc9L';
const WORKFLOW = '78559bb3-b920-461e-b010-7b2a2816d2a9';

/** Captures the raw request body nock saw ('' when none was sent). */
function capture() {
  const seen: { body?: unknown } = {};
  const match = (body: unknown) => ((seen.body = body), true);
  return { seen, match };
}

describe('add_to_campaign', () => {
  it('POSTs an empty JSON object (the endpoint requires a body) and returns the enrolment', async () => {
    const { seen, match } = capture();
    const scope = ghlApi().post(`/contacts/${CONTACT}/campaigns/${CAMPAIGN}`, match).reply(201, { succeded: true });
    const result = await run('creates', 'add_to_campaign', bundle({ contactId: CONTACT, campaignId: ` ${CAMPAIGN} ` }));
    expect(scope.isDone()).toBe(true);
    expect(seen.body).toEqual({});
    expect(result).toEqual({ contactId: CONTACT, campaignId: CAMPAIGN, action: 'added', succeeded: true });
  });

  it('fails clearly when HighLevel answers succeded: false', async () => {
    ghlApi().post(`/contacts/${CONTACT}/campaigns/${CAMPAIGN}`).reply(201, { succeded: false });
    const error = await reason(run('creates', 'add_to_campaign', bundle({ contactId: CONTACT, campaignId: CAMPAIGN })));
    expect(error.message).toMatch(`HighLevel did not add contact ${CONTACT} to campaign ${CAMPAIGN}`);
    expect(error.code).toBe('not_applied');
  });

  it('rejects a missing campaign before any request', async () => {
    const scope = ghlApi().post(/.*/).reply(201, { succeded: true });
    const error = await reason(run('creates', 'add_to_campaign', bundle({ contactId: CONTACT })));
    expect(error.message).toMatch(/Campaign\\?" field is required/);
    expect(scope.isDone()).toBe(false);
  });

  it("passes on HighLevel's not-found message for an unknown contact", async () => {
    ghlApi().post(`/contacts/nope123/campaigns/${CAMPAIGN}`).reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await reason(run('creates', 'add_to_campaign', bundle({ contactId: 'nope123', campaignId: CAMPAIGN })));
    expect(error.message).toMatch(/Contact with id nope123 not found/);
    expect(error.code).toBe('not_found');
  });
});

describe('remove_from_campaign', () => {
  it('DELETEs without a body and returns the enrolment', async () => {
    const { seen, match } = capture();
    const scope = ghlApi().delete(`/contacts/${CONTACT}/campaigns/${CAMPAIGN}`, match).reply(200, { succeded: true });
    const result = await run('creates', 'remove_from_campaign', bundle({ contactId: CONTACT, campaignId: CAMPAIGN }));
    expect(scope.isDone()).toBe(true);
    expect(seen.body ?? '').toBe('');
    expect(result).toEqual({ contactId: CONTACT, campaignId: CAMPAIGN, action: 'removed', succeeded: true });
  });

  it('lists what HighLevel rejected on a 422', async () => {
    ghlApi()
      .delete(`/contacts/${CONTACT}/campaigns/${CAMPAIGN}`)
      .reply(422, ghlError(422, ['campaignId must be a valid id'], { error: 'Unprocessable Entity' }));
    const error = await reason(run('creates', 'remove_from_campaign', bundle({ contactId: CONTACT, campaignId: CAMPAIGN })));
    expect(error.message).toMatch(/\(422\):\n- campaignId must be a valid id/);
  });
});

describe('add_to_workflow', () => {
  it('sends the event start time as ISO 8601 (UTC) and returns it', async () => {
    const { seen, match } = capture();
    ghlApi().post(`/contacts/${CONTACT}/workflow/${WORKFLOW}`, match).reply(200, { succeded: true });
    const result = await run(
      'creates',
      'add_to_workflow',
      bundle({ contactId: CONTACT, workflowId: WORKFLOW, eventStartTime: '2026-11-20T16:30:00+01:00' }),
    );
    expect(seen.body).toEqual({ eventStartTime: '2026-11-20T15:30:00Z' });
    expect(result).toEqual({
      contactId: CONTACT,
      workflowId: WORKFLOW,
      action: 'added',
      succeeded: true,
      eventStartTime: '2026-11-20T15:30:00Z',
    });
  });

  it('sends an empty JSON object when no event start time is given', async () => {
    const { seen, match } = capture();
    ghlApi().post(`/contacts/${CONTACT}/workflow/${WORKFLOW}`, match).reply(200, { succeded: true });
    const result = await run('creates', 'add_to_workflow', bundle({ contactId: CONTACT, workflowId: WORKFLOW }));
    expect(seen.body).toEqual({});
    expect(result).toEqual({ contactId: CONTACT, workflowId: WORKFLOW, action: 'added', succeeded: true });
  });

  it.each([
    [{ contactId: CONTACT, workflowId: WORKFLOW, eventStartTime: 'next blue moon' }, /Event Start Time\\?" field must be a date and time/],
    [{ contactId: CONTACT }, /Workflow\\?" field is required/],
    [{ workflowId: WORKFLOW }, /Contact\\?" field is required/],
  ])('rejects %j before any request', async (input, message) => {
    const scope = ghlApi().post(/.*/).reply(200, { succeded: true });
    const error = await reason(run('creates', 'add_to_workflow', bundle(input)));
    expect(error.message).toMatch(message);
    expect(scope.isDone()).toBe(false);
  });

  it("passes on HighLevel's not-found message for an unknown contact", async () => {
    ghlApi().post(`/contacts/nope123/workflow/${WORKFLOW}`).reply(400, ghlError(400, 'Contact with id nope123 not found'));
    const error = await reason(run('creates', 'add_to_workflow', bundle({ contactId: 'nope123', workflowId: WORKFLOW })));
    expect(error.message).toMatch(/Contact with id nope123 not found/);
  });
});

describe('remove_from_workflow', () => {
  it('DELETEs with an empty JSON body (the endpoint declares one)', async () => {
    const { seen, match } = capture();
    const scope = ghlApi().delete(`/contacts/${CONTACT}/workflow/${WORKFLOW}`, match).reply(200, { succeded: true });
    const result = await run('creates', 'remove_from_workflow', bundle({ contactId: CONTACT, workflowId: WORKFLOW }));
    expect(scope.isDone()).toBe(true);
    expect(seen.body).toEqual({});
    expect(result).toEqual({ contactId: CONTACT, workflowId: WORKFLOW, action: 'removed', succeeded: true });
  });

  it('fails clearly when HighLevel answers succeded: false', async () => {
    ghlApi().delete(`/contacts/${CONTACT}/workflow/${WORKFLOW}`).reply(200, { succeded: false });
    const error = await reason(run('creates', 'remove_from_workflow', bundle({ contactId: CONTACT, workflowId: WORKFLOW })));
    expect(error.message).toMatch(`did not remove contact ${CONTACT} from workflow ${WORKFLOW}`);
  });
});

describe('campaign_list and workflow_list (dropdowns)', () => {
  it('lists campaigns by name, marking the ones that are not published', async () => {
    ghlApi()
      .get('/campaigns/')
      .query({ locationId: LOCATION_ID })
      .reply(200, {
        campaigns: [
          { id: 'cA1', name: 'Spring Promo', status: 'published', locationId: LOCATION_ID },
          { id: 'cA2', name: 'autumn follow-up', status: 'draft', locationId: LOCATION_ID },
        ],
      });
    expect(await run('triggers', 'campaign_list', bundle())).toEqual([
      { id: 'cA2', name: 'autumn follow-up (draft)' },
      { id: 'cA1', name: 'Spring Promo' },
    ]);
  });

  it('lists workflows by name, marking drafts, and falls back to the id for an unnamed one', async () => {
    ghlApi()
      .get('/workflows/')
      .query({ locationId: LOCATION_ID })
      .reply(200, {
        workflows: [
          { id: WORKFLOW, name: 'New Lead Nurture', status: 'published', version: 3, locationId: LOCATION_ID },
          { id: 'wF2', name: 'Birthday', status: 'draft', version: 1, locationId: LOCATION_ID },
          { id: 'wF3', name: '', status: 'published', version: 1, locationId: LOCATION_ID },
        ],
      });
    expect(await run('triggers', 'workflow_list', bundle())).toEqual([
      { id: 'wF2', name: 'Birthday (draft)' },
      { id: WORKFLOW, name: 'New Lead Nurture' },
      { id: 'wF3', name: 'wF3' },
    ]);
  });

  it('returns no choices when the sub-account has none', async () => {
    ghlApi().get('/workflows/').query(true).reply(200, {});
    expect(await run('triggers', 'workflow_list', bundle())).toEqual([]);
  });
});
