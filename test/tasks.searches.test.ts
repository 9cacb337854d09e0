// Task searches: Find Task, Get Task, and the Find or Create Task pairing.
import { describe, expect, it } from '@jest/globals';
import { App, USER_ID, bundle, failure, ghlApi, ghlError, run, said } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const TASKS = `/contacts/${CONTACT}/tasks`;

const task = (id: string, title: string, completed = false, dueDate = '2026-12-01T09:30:00.000Z') => ({
  id,
  title,
  body: '',
  assignedTo: USER_ID,
  dueDate,
  completed,
  contactId: CONTACT,
});

const tasks = [
  task('t1', 'Send the contract', false),
  task('t2', 'call back', true),
  task('t3', 'Call  back ', false),
  task('t4', 'Call back', true),
  task('t5', 'Call back later', false),
];

describe('find_task', () => {
  it('matches the title ignoring case and spaces, exact spelling first, then open tasks; never a partial title', async () => {
    ghlApi().get(TASKS).reply(200, { tasks });
    const found = await run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'Call back' }));
    expect(found.map((t: any) => t.id)).toEqual(['t4', 't3', 't2']);
    expect(found[0]).toEqual({ ...task('t4', 'Call back', true), body: null });
  });

  it('prefers the open task among equally spelled ones', async () => {
    ghlApi()
      .get(TASKS)
      .reply(200, { tasks: [task('a', 'Call back', true), task('b', 'Call back', false)] });
    const found = await run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'Call back' }));
    expect(found.map((t: any) => t.id)).toEqual(['b', 'a']);
  });

  it('filters by status, with or without a title', async () => {
    ghlApi().get(TASKS).times(2).reply(200, { tasks });
    expect(
      (await run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'call BACK', status: 'open' }))).map((t: any) => t.id),
    ).toEqual(['t3']);
    expect((await run('searches', 'find_task', bundle({ contactId: CONTACT, status: 'completed' }))).map((t: any) => t.id)).toEqual([
      't2',
      't4',
    ]);
  });

  it('returns nothing when no title matches', async () => {
    ghlApi().get(TASKS).reply(200, { tasks });
    expect(await run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'Call' }))).toEqual([]);
  });

  it('returns nothing for a contact without tasks', async () => {
    ghlApi().get(TASKS).reply(200, { tasks: [] });
    expect(await run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'Call back' }))).toEqual([]);
  });

  it('needs a title or a status, and a known status, before any request', async () => {
    expect(await said(run('searches', 'find_task', bundle({ contactId: CONTACT })))).toMatch(/"Title" field or "Status"/);
    expect(await said(run('searches', 'find_task', bundle({ contactId: CONTACT, title: '  ' })))).toMatch(/"Title" field or "Status"/);
    expect(await said(run('searches', 'find_task', bundle({ contactId: CONTACT, status: 'done' })))).toMatch(
      /"Status" field must be one of: open, completed, any/,
    );
    expect(await said(run('searches', 'find_task', bundle({ title: 'Call back' })))).toMatch(/"Contact" field is required/);
  });

  it('names an unknown contact (400) instead of answering "not found"', async () => {
    ghlApi()
      .get(TASKS)
      .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`));
    expect(await said(run('searches', 'find_task', bundle({ contactId: CONTACT, title: 'Call back' })))).toMatch(
      new RegExp(`no contact with ID "${CONTACT}"`),
    );
  });
});

describe('get_task', () => {
  it('gets the task by id', async () => {
    ghlApi()
      .get(`${TASKS}/t4`)
      .reply(200, { task: task('t4', 'Call back', true) });
    expect(await run('searches', 'get_task', bundle({ contactId: CONTACT, taskId: 't4' }))).toEqual([
      { ...task('t4', 'Call back', true), body: null },
    ]);
  });

  it.each([
    [400, ghlError(400, 'Task not found')],
    [404, ghlError(404, 'Not Found')],
  ])('answers "no result" when HighLevel does not know the task (%i)', async (status, body) => {
    ghlApi().get(`${TASKS}/nope`).reply(status, body);
    expect(await run('searches', 'get_task', bundle({ contactId: CONTACT, taskId: 'nope' }))).toEqual([]);
  });

  it('answers "no result" for an empty 200', async () => {
    ghlApi().get(`${TASKS}/nope`).reply(200, {});
    expect(await run('searches', 'get_task', bundle({ contactId: CONTACT, taskId: 'nope' }))).toEqual([]);
  });

  it('still fails on other errors, with the usual explanation', async () => {
    ghlApi()
      .get(`${TASKS}/t4`)
      .reply(422, ghlError(422, ['taskId must be a string']));
    expect(await said(run('searches', 'get_task', bundle({ contactId: CONTACT, taskId: 't4' })))).toMatch(/rejected the request \(422\)/);
    ghlApi().get(`${TASKS}/t4`).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(run('searches', 'get_task', bundle({ contactId: CONTACT, taskId: 't4' })));
    expect(error.name).toBe('ExpiredAuthError');
  });

  it('needs the task before any request', async () => {
    expect(await said(run('searches', 'get_task', bundle({ contactId: CONTACT })))).toMatch(/"Task" field is required/);
  });
});

describe('find or create task', () => {
  it('pairs Find Task (its key) with Create Task on the inputs they share', () => {
    const soc = (App as any).searchOrCreates.find_task;
    expect(soc).toMatchObject({ key: 'find_task', search: 'find_task', create: 'create_task' });
    expect(soc.display.label).toBe('Find or Create Task');
    const keys = (op: any) => op.operation.inputFields.map((f: any) => f.key);
    // Zapier hands the search's inputs to the create by key: contact and title must mean the same on both.
    expect(keys((App as any).creates.create_task)).toEqual(expect.arrayContaining(['contactId', 'title']));
    expect(keys((App as any).searches.find_task)).toEqual(expect.arrayContaining(['contactId', 'title']));
  });
});
