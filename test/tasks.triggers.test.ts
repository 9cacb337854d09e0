// Task triggers: New Task and Task Completed (location task search), and the Task dropdown (task_list).
import { afterEach, describe, expect, it } from '@jest/globals';
import { LOCATION_ID, USER_ID, bundle, failure, ghlApi, ghlError, run, said } from './helpers.js';
import { MAX_POLL_PAGES, MAX_POLLED_TASKS, POLL_BUDGET_MS, SEARCH_PAGE } from '../lib/tasks.js';
import { clock } from '../lib/dates.js';

const SEARCH = `/locations/${LOCATION_ID}/tasks/search`;
const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

/** A row as the location task search returns it (richer than the per-contact endpoints, `_id` not `id`). */
const row = (id: string, over: Record<string, unknown> = {}) => ({
  _id: id,
  title: `Task ${id}`,
  body: 'Details',
  assignedTo: USER_ID,
  completed: false,
  contactId: CONTACT,
  dateAdded: '2026-11-18T09:12:44.176Z',
  dateUpdated: '2026-11-18T09:12:44.176Z',
  deleted: false,
  dueDate: '2026-11-20T15:00:00.000Z',
  locationId: LOCATION_ID,
  contactDetails: { _id: CONTACT, firstName: 'Maria', lastName: 'Lopez' },
  assignedToUserDetails: { id: USER_ID, firstName: 'Sam', lastName: 'Lee', profilePhoto: '' },
  searchAfter: [1795000000000, id],
  ...over,
});
const rows = (n: number, prefix: string, over: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => row(`${prefix}${i}`, over));

describe('new_task', () => {
  it('reads every open task page by page (500 a page) until a short page, newest first by dateAdded', async () => {
    const first = rows(SEARCH_PAGE, 'a');
    first[7] = row('newest', { dateAdded: '2026-11-19T10:00:00.000Z' });
    const scope = ghlApi()
      .post(SEARCH, { completed: false, limit: 500, skip: 0 })
      .reply(201, { tasks: first })
      .post(SEARCH, { completed: false, limit: 500, skip: 500 })
      .reply(201, {
        tasks: [
          row('a499'), // moved down a page while paging (a task was added meanwhile): returned once
          row('old', { dateAdded: '2026-01-02T00:00:00.000Z' }),
          row('gone', { deleted: true }),
          row('done', { completed: true }), // not open: never a "new task", whatever the server filtered
        ],
      });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(scope.isDone()).toBe(true);
    expect(tasks).toHaveLength(SEARCH_PAGE + 1);
    expect(tasks[0]).toEqual({
      id: 'newest',
      title: 'Task newest',
      body: 'Details',
      dueDate: '2026-11-20T15:00:00.000Z',
      completed: false,
      contactId: CONTACT,
      assignedTo: USER_ID,
      dateAdded: '2026-11-19T10:00:00.000Z',
      dateUpdated: '2026-11-18T09:12:44.176Z',
      contactName: 'Maria Lopez',
      assignedToName: 'Sam Lee',
    });
    expect(tasks.at(-1).id).toBe('old');
    expect(new Set(tasks.map((t: any) => t.id)).size).toBe(tasks.length);
    expect(tasks.map((t: any) => t.id)).not.toContain('gone');
    expect(tasks.map((t: any) => t.id)).not.toContain('done');
  });

  it('is one request when there is no open task', async () => {
    const scope = ghlApi().post(SEARCH, { completed: false, limit: 500, skip: 0 }).reply(201, { tasks: [] });
    expect(await run('triggers', 'new_task', bundle())).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('asks once more after a short first page (it may be a lower page cap) and stops at the empty answer: 2 requests', async () => {
    const scope = ghlApi()
      .post(SEARCH, { completed: false, limit: 500, skip: 0 })
      .reply(201, { tasks: [row('t1'), row('t2')] })
      .post(SEARCH, { completed: false, limit: 500, skip: 2 })
      .reply(201, { tasks: [] });
    expect((await run('triggers', 'new_task', bundle())).map((t: any) => t.id)).toEqual(['t1', 't2']);
    expect(scope.isDone()).toBe(true);
  });

  it('pages on when HighLevel caps pages below the 500 asked for, until a page shorter than the first', async () => {
    const scope = ghlApi()
      .post(SEARCH, { completed: false, limit: 500, skip: 0 })
      .reply(201, { tasks: rows(100, 'a') })
      .post(SEARCH, { completed: false, limit: 500, skip: 100 })
      .reply(201, { tasks: rows(100, 'b') })
      .post(SEARCH, { completed: false, limit: 500, skip: 200 })
      .reply(201, { tasks: [row('c0'), row('c1', { deleted: true })] }); // a filtered row still counts towards skip
    const extra = ghlApi().post(SEARCH, { completed: false, limit: 500, skip: 202 }).reply(201, { tasks: [] });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(scope.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(tasks).toHaveLength(201);
    expect(tasks.map((t: any) => t.id)).toEqual(expect.arrayContaining(['a0', 'b99', 'c0']));
  });

  it('ends a capped poll at an empty page when the last page was full', async () => {
    const scope = ghlApi()
      .post(SEARCH, { completed: false, limit: 500, skip: 0 })
      .reply(201, { tasks: rows(25, 'a') })
      .post(SEARCH, { completed: false, limit: 500, skip: 25 })
      .reply(201, { tasks: rows(25, 'b') })
      .post(SEARCH, { completed: false, limit: 500, skip: 50 })
      .reply(201, { tasks: [] });
    expect(await run('triggers', 'new_task', bundle())).toHaveLength(50);
    expect(scope.isDone()).toBe(true);
  });

  it(`makes at most ${MAX_POLL_PAGES} requests when HighLevel caps pages low`, async () => {
    const scope = ghlApi();
    for (let page = 0; page < MAX_POLL_PAGES; page++) {
      scope.post(SEARCH, { completed: false, limit: 500, skip: page * 25 }).reply(201, { tasks: rows(25, `p${page}-`) });
    }
    const extra = ghlApi()
      .post(SEARCH)
      .reply(201, { tasks: rows(25, 'beyond') });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(scope.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(tasks).toHaveLength(MAX_POLL_PAGES * 25);
  });

  it('sends the assigned user and contact filters as lists', async () => {
    ghlApi()
      .post(SEARCH, (body) => {
        expect(body).toEqual({ completed: false, assignedTo: [USER_ID, 'u2'], contactId: [CONTACT], limit: 500, skip: 0 });
        return true;
      })
      .reply(201, { tasks: [] });
    expect(await run('triggers', 'new_task', bundle({ assignedTo: [USER_ID, 'u2', USER_ID], contactId: ` ${CONTACT} ` }))).toEqual([]);
  });

  it('orders by due date when the rows carry no dateAdded', async () => {
    ghlApi()
      .post(SEARCH, (body) => body.skip === 0)
      .reply(201, {
        tasks: [
          row('soon', { dateAdded: undefined, dueDate: '2026-11-21T09:00:00.000Z' }),
          row('later', { dateAdded: undefined, dueDate: '2026-12-24T09:00:00.000Z' }),
          row('undated', { dateAdded: undefined, dueDate: undefined }),
        ],
      });
    ghlApi().post(SEARCH, { completed: false, limit: 500, skip: 3 }).reply(201, { tasks: [] });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(tasks.map((t: any) => t.id)).toEqual(['later', 'soon', 'undated']);
    expect(tasks[2]).toMatchObject({ dateAdded: null, dueDate: null });
  });

  it('loads a sample with one small request and returns at most 3 tasks, newest first', async () => {
    const scope = ghlApi()
      .post(SEARCH, { completed: false, limit: 100, skip: 0 })
      .reply(201, { tasks: [...rows(99, 's'), row('newest', { dateAdded: '2026-11-30T00:00:00.000Z' })] });
    const tasks = await run('triggers', 'new_task', bundle({}, { isLoadingSample: true }));
    expect(scope.isDone()).toBe(true);
    expect(tasks).toHaveLength(3);
    expect(tasks[0].id).toBe('newest');
  });

  it(`stops at ${MAX_POLLED_TASKS} tasks (20 requests)`, async () => {
    const scope = ghlApi();
    for (let skip = 0; skip < MAX_POLLED_TASKS; skip += SEARCH_PAGE) {
      scope.post(SEARCH, { completed: false, limit: 500, skip }).reply(201, { tasks: rows(SEARCH_PAGE, `p${skip}-`) });
    }
    const extra = ghlApi().post(SEARCH, { completed: false, limit: 500, skip: MAX_POLLED_TASKS }).reply(201, { tasks: [] });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(scope.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(tasks).toHaveLength(MAX_POLLED_TASKS);
  }, 60_000);

  it('stops paging when the poll has used its time budget, returning what it read', async () => {
    let t = 1_000_000;
    clock.now = () => (t += POLL_BUDGET_MS + 1); // every look at the clock: the whole budget gone
    const first = ghlApi()
      .post(SEARCH, { completed: false, limit: 500, skip: 0 })
      .reply(201, { tasks: rows(SEARCH_PAGE, 'a') });
    const second = ghlApi().post(SEARCH, { completed: false, limit: 500, skip: 500 }).reply(201, { tasks: [] });
    const tasks = await run('triggers', 'new_task', bundle());
    expect(first.isDone()).toBe(true);
    expect(second.isDone()).toBe(false);
    expect(tasks).toHaveLength(SEARCH_PAGE);
  });

  it('asks for a reconnect when the connection lacks the task search scope', async () => {
    ghlApi().post(SEARCH).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('triggers', 'new_task', bundle()));
    expect(error.name).toBe('ExpiredAuthError');
  });

  it('explains a 422', async () => {
    ghlApi()
      .post(SEARCH)
      .reply(422, ghlError(422, ['limit must not be greater than 500']));
    expect(await said(run('triggers', 'new_task', bundle()))).toMatch(
      /rejected the request \(422\):\n- limit must not be greater than 500/,
    );
  });
});

describe('task_completed', () => {
  it('reads completed tasks only, most recently updated first', async () => {
    ghlApi()
      .post(SEARCH, { completed: true, assignedTo: [USER_ID], limit: 500, skip: 0 })
      .reply(201, {
        tasks: [
          row('earlier', { completed: true, dateUpdated: '2026-11-19T08:00:00.000Z' }),
          row('latest', {
            completed: true,
            dateUpdated: '2026-11-20T14:41:07.000Z',
            contactDetails: { _id: CONTACT, firstName: null, lastName: null },
          }),
          row('open', { completed: false }),
        ],
      })
      .post(SEARCH, { completed: true, assignedTo: [USER_ID], limit: 500, skip: 3 })
      .reply(201, { tasks: [] });
    const tasks = await run('triggers', 'task_completed', bundle({ assignedTo: USER_ID }));
    expect(tasks.map((t: any) => t.id)).toEqual(['latest', 'earlier']);
    expect(tasks[0]).toMatchObject({ completed: true, dateUpdated: '2026-11-20T14:41:07.000Z', contactName: null, contactId: CONTACT });
  });

  it('reads a status-only row as completed', async () => {
    ghlApi()
      .post(SEARCH, { completed: true, limit: 500, skip: 0 })
      .reply(201, { tasks: [row('t1', { completed: undefined, status: 'completed' })] })
      .post(SEARCH, { completed: true, limit: 500, skip: 1 })
      .reply(201, { tasks: [] });
    expect((await run('triggers', 'task_completed', bundle())).map((t: any) => t.completed)).toEqual([true]);
  });
});

describe('task_list (dropdown)', () => {
  it("lists the chosen contact's tasks, open ones first by due date, with due date and status", async () => {
    ghlApi()
      .get(`/contacts/${CONTACT}/tasks`)
      .reply(200, {
        tasks: [
          { id: 't1', title: 'Send the contract', completed: true, dueDate: '2026-11-01T09:00:00.000Z', contactId: CONTACT },
          { id: 't2', title: 'Call back', completed: false, dueDate: '2026-12-01T09:30:00.000Z', contactId: CONTACT },
          { id: 't3', title: 'Book a visit', completed: false, dueDate: '2026-11-25T09:30:00.000Z', contactId: CONTACT },
        ],
      });
    expect(await run('triggers', 'task_list', bundle({ contactId: CONTACT }, { isFillingDynamicDropdown: true }))).toEqual([
      { id: 't3', name: 'Book a visit (due 2026-11-25, open)' },
      { id: 't2', name: 'Call back (due 2026-12-01, open)' },
      { id: 't1', name: 'Send the contract (due 2026-11-01, completed)' },
    ]);
  });

  it('asks for the contact first, without a request', async () => {
    expect(await said(run('triggers', 'task_list', bundle({}, { isFillingDynamicDropdown: true })))).toMatch(
      /"Contact" field must be chosen first/,
    );
  });

  it('names an unknown contact', async () => {
    ghlApi()
      .get(`/contacts/${CONTACT}/tasks`)
      .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`));
    expect(await said(run('triggers', 'task_list', bundle({ contactId: CONTACT })))).toMatch(new RegExp(`no contact with ID "${CONTACT}"`));
  });
});

describe('task id fields', () => {
  it('come after the contact field they depend on, in every task operation that takes one', async () => {
    const { App } = await import('./helpers.js');
    const ops = ['update_task', 'complete_task', 'reopen_task', 'delete_task'].map((k) => (App as any).creates[k]);
    ops.push((App as any).searches.get_task);
    for (const op of ops) {
      const keys = op.operation.inputFields.map((f: any) => f.key);
      expect(keys.indexOf('contactId')).toBeLessThan(keys.indexOf('taskId'));
      const taskField = op.operation.inputFields.find((f: any) => f.key === 'taskId');
      expect(taskField).toMatchObject({ dynamic: 'task_list.id.name', dependsOn: ['contactId'], required: true });
      expect(op.operation.inputFields.find((f: any) => f.key === 'contactId').altersDynamicFields).toBe(true);
    }
  });
});
