// Task actions: Create, Update, Mark Completed, Reopen, Delete.
import { describe, expect, it } from '@jest/globals';
import { USER_ID, bundle, ghlApi, ghlError, run, said } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const TASK = 'ocQHyuzHvysMo5N5VsXc';
const TASKS = `/contacts/${CONTACT}/tasks`;

/** A task as HighLevel's per-contact endpoints return it. */
const apiTask = (over: Record<string, unknown> = {}) => ({
  id: TASK,
  title: 'Call back about the quote',
  body: 'Ask whether the revised quote works.',
  assignedTo: USER_ID,
  dueDate: '2026-12-01T09:30:00.000Z',
  completed: false,
  contactId: CONTACT,
  ...over,
});

describe('create_task', () => {
  it('sends title, body, due date (ISO, no milliseconds), assignee and completed: false; returns the task with its ids', async () => {
    const scope = ghlApi()
      .post(TASKS, (body) => {
        expect(body).toEqual({
          title: 'Call back about the quote',
          body: 'Ask whether the revised quote works.',
          dueDate: '2026-12-01T09:30:00Z',
          completed: false,
          assignedTo: USER_ID,
        });
        return true;
      })
      // HighLevel's create response may leave out contactId: the one of the request fills in.
      .reply(201, { task: apiTask({ contactId: undefined }) });
    const task = await run(
      'creates',
      'create_task',
      bundle({
        contactId: CONTACT,
        title: '  Call back about the quote ',
        description: 'Ask whether the revised quote works.',
        dueDate: '2026-12-01T09:30:00.123Z',
        assignedTo: USER_ID,
      }),
    );
    expect(scope.isDone()).toBe(true);
    expect(task).toEqual({
      id: TASK,
      title: 'Call back about the quote',
      body: 'Ask whether the revised quote works.',
      dueDate: '2026-12-01T09:30:00.000Z',
      completed: false,
      contactId: CONTACT,
      assignedTo: USER_ID,
    });
  });

  it.each([
    ['an offset', '2026-12-01T09:30:00-05:00', '2026-12-01T14:30:00Z'],
    ['epoch seconds', '1796117400', '2026-12-01T09:30:00Z'],
    ['epoch milliseconds', '1796117400999', '2026-12-01T09:30:00Z'],
    ['a date only', '2026-12-01', '2026-12-01T00:00:00Z'],
  ])('converts a due date given with %s to UTC seconds', async (_form, input, sent) => {
    ghlApi()
      .post(TASKS, (body) => body.dueDate === sent && !('body' in body) && !('assignedTo' in body))
      .reply(201, { task: apiTask({ dueDate: sent }) });
    const task = await run('creates', 'create_task', bundle({ contactId: CONTACT, title: 'Call back', dueDate: input }));
    expect(task.dueDate).toBe(new Date(sent).toISOString());
  });

  it.each([
    [{ title: 'Call back', dueDate: 'next blursday' }, /"Due Date" field must be a date and time.*next blursday/],
    [{ title: 'Call back' }, /"Due Date" field is required/],
    [{ dueDate: '2026-12-01T09:30:00Z' }, /"Title" field is required/],
    [{ title: '   ', dueDate: '2026-12-01T09:30:00Z' }, /"Title" field must not be blank/],
  ])('rejects %j before any request', async (input, expected) => {
    const message = await said(run('creates', 'create_task', bundle({ contactId: CONTACT, ...input })));
    expect(message).toMatch(expected);
  });

  it('rejects a missing contact before any request', async () => {
    const message = await said(run('creates', 'create_task', bundle({ title: 'Call back', dueDate: '2026-12-01' })));
    expect(message).toMatch(/"Contact" field is required/);
  });

  it('names the contact when HighLevel does not know it (400)', async () => {
    ghlApi()
      .post(TASKS)
      .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`));
    const message = await said(run('creates', 'create_task', bundle({ contactId: CONTACT, title: 'Call back', dueDate: '2026-12-01' })));
    expect(message).toMatch(new RegExp(`no contact with ID "${CONTACT}"`));
  });

  it("lists HighLevel's reasons on a 422", async () => {
    ghlApi()
      .post(TASKS)
      .reply(422, ghlError(422, ['assignedTo must be a valid user'], { error: 'Unprocessable Entity' }));
    const message = await said(
      run('creates', 'create_task', bundle({ contactId: CONTACT, title: 'Call back', dueDate: '2026-12-01', assignedTo: 'nobody' })),
    );
    expect(message).toMatch(/rejected the request \(422\):\n- assignedTo must be a valid user/);
  });

  it.each([{}, { task: {} }, { task: { title: 'Call back' } }])(
    'says HighLevel answered without the task (and where to check) rather than return a task with no id: %j',
    async (answer) => {
      ghlApi().post(TASKS).reply(201, answer);
      const message = await said(run('creates', 'create_task', bundle({ contactId: CONTACT, title: 'Call back', dueDate: '2026-12-01' })));
      expect(message).toBe(
        "HighLevel answered the task creation without the task. Check the contact's tasks in HighLevel before running the step again.",
      );
    },
  );
});

describe('update_task', () => {
  it('sends only the fields given', async () => {
    ghlApi()
      .put(`${TASKS}/${TASK}`, (body) => {
        expect(body).toEqual({ title: 'Call back on Monday' });
        return true;
      })
      .reply(200, { task: apiTask({ title: 'Call back on Monday' }) });
    const task = await run('creates', 'update_task', bundle({ contactId: CONTACT, taskId: TASK, title: 'Call back on Monday' }));
    expect(task).toMatchObject({ id: TASK, contactId: CONTACT, title: 'Call back on Monday' });
  });

  it('converts a new due date and sends the description as body and the new assignee', async () => {
    ghlApi()
      .put(`${TASKS}/${TASK}`, (body) => {
        expect(body).toEqual({ body: 'New details', dueDate: '2026-12-02T08:00:00Z', assignedTo: 'u2' });
        return true;
      })
      .reply(200, { task: apiTask({ body: 'New details', dueDate: '2026-12-02T08:00:00.000Z', assignedTo: 'u2' }) });
    const task = await run(
      'creates',
      'update_task',
      bundle({ contactId: CONTACT, taskId: TASK, description: 'New details', dueDate: '2026-12-02T08:00:00.500Z', assignedTo: 'u2' }),
    );
    expect(task).toMatchObject({ body: 'New details', dueDate: '2026-12-02T08:00:00.000Z', assignedTo: 'u2' });
  });

  it('refuses to send an empty update', async () => {
    const message = await said(run('creates', 'update_task', bundle({ contactId: CONTACT, taskId: TASK })));
    expect(message).toMatch(/nothing to update/);
  });

  it('rejects a bad due date and a missing task before any request', async () => {
    expect(await said(run('creates', 'update_task', bundle({ contactId: CONTACT, taskId: TASK, dueDate: 'someday' })))).toMatch(
      /"Due Date"/,
    );
    expect(await said(run('creates', 'update_task', bundle({ contactId: CONTACT, title: 'x' })))).toMatch(/"Task" field is required/);
  });

  it('names the task HighLevel does not know (400)', async () => {
    ghlApi().put(`${TASKS}/${TASK}`).reply(400, ghlError(400, 'Task not found'));
    const message = await said(run('creates', 'update_task', bundle({ contactId: CONTACT, taskId: TASK, title: 'x' })));
    expect(message).toMatch(new RegExp(`no task with ID "${TASK}"`));
  });
});

describe('complete_task and reopen_task', () => {
  it('marks a task completed with { completed: true }', async () => {
    ghlApi()
      .put(`${TASKS}/${TASK}/completed`, { completed: true })
      .reply(200, { task: apiTask({ completed: true }) });
    const task = await run('creates', 'complete_task', bundle({ contactId: CONTACT, taskId: TASK }));
    expect(task).toMatchObject({ id: TASK, contactId: CONTACT, completed: true, title: 'Call back about the quote' });
  });

  it('reopens a task with { completed: false }', async () => {
    ghlApi()
      .put(`${TASKS}/${TASK}/completed`, { completed: false })
      .reply(200, { task: apiTask({ completed: false }) });
    const task = await run('creates', 'reopen_task', bundle({ contactId: CONTACT, taskId: TASK }));
    expect(task).toMatchObject({ id: TASK, completed: false });
  });

  it('returns the ids and the new state when HighLevel answers without the task', async () => {
    ghlApi().put(`${TASKS}/${TASK}/completed`, { completed: true }).reply(200, {});
    const task = await run('creates', 'complete_task', bundle({ contactId: CONTACT, taskId: TASK }));
    expect(task).toMatchObject({ id: TASK, contactId: CONTACT, completed: true });
  });

  it('names the task HighLevel does not know (404)', async () => {
    ghlApi().put(`${TASKS}/${TASK}/completed`).reply(404, ghlError(404, 'Not Found'));
    const message = await said(run('creates', 'reopen_task', bundle({ contactId: CONTACT, taskId: TASK })));
    expect(message).toMatch(new RegExp(`no task with ID "${TASK}"`));
  });

  it('needs the task before any request', async () => {
    const message = await said(run('creates', 'complete_task', bundle({ contactId: CONTACT })));
    expect(message).toMatch(/"Task" field is required/);
  });
});

describe('delete_task', () => {
  it('deletes the task and returns its ids', async () => {
    const scope = ghlApi().delete(`${TASKS}/${TASK}`).reply(200, { succeded: true });
    const result = await run('creates', 'delete_task', bundle({ contactId: CONTACT, taskId: TASK }));
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ id: TASK, contactId: CONTACT, deleted: true });
  });

  it('names the task HighLevel does not know (400)', async () => {
    ghlApi().delete(`${TASKS}/${TASK}`).reply(400, ghlError(400, 'Task not found'));
    const message = await said(run('creates', 'delete_task', bundle({ contactId: CONTACT, taskId: TASK })));
    expect(message).toMatch(new RegExp(`no task with ID "${TASK}"`));
  });
});
