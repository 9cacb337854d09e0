/**
 * Find Task: a contact's task by title and/or status. GET /contacts/{contactId}/tasks (all the contact's tasks,
 * one request, no paging) filtered here; also the search of "Find or Create Task".
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import { contactIdField } from '../lib/fields.js';
import { shapeTask, taskOutputFields, taskPath, taskSample, titleField, type Task } from '../lib/tasks.js';
import { requiredId } from '../lib/inputs.js';

const STATUS = { open: 'Open (not completed)', completed: 'Completed', any: 'Open or completed' } as const;

/** Titles compared as a user reads them: case, surrounding and repeated spaces ignored. */
const loose = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const title = bundle.inputData.title === undefined ? undefined : String(bundle.inputData.title);
  const status = String(bundle.inputData.status ?? 'any');
  if (!(status in STATUS)) throw inputError('Status', `must be one of: ${Object.keys(STATUS).join(', ')} — got "${status.slice(0, 40)}".`);
  if ((title === undefined || !title.trim()) && status === 'any') {
    throw inputError('Title', 'or "Status" must be filled in: say which task to find.');
  }

  const data = await ghl<{ tasks?: Record<string, any>[] }>(z, { path: taskPath(contactId) });
  const wanted = title?.trim() ? loose(title) : undefined;
  const rank = (t: Task) => (title !== undefined && t.title?.trim() === title.trim() ? 0 : 1) * 2 + (t.completed ? 1 : 0);
  return (data?.tasks ?? [])
    .map((raw) => shapeTask(raw, contactId))
    .filter((t) => t.id)
    .filter((t) => status === 'any' || t.completed === (status === 'completed'))
    .filter((t) => wanted === undefined || loose(t.title ?? '') === wanted)
    .map((task, i) => ({ task, i, r: rank(task) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ task }) => task);
}) satisfies SearchPerform;

const findTask = defineSearch({
  key: 'find_task' as const,
  noun: 'Task',
  display: {
    label: 'Find Task',
    description: "Finds a contact's task by its title (ignoring upper/lower case) and/or whether it is completed.",
  },
  operation: {
    inputFields: [
      contactIdField(),
      titleField({
        required: false,
        helpText:
          'The title of the task to find. Upper/lower case and extra spaces are ignored, but the whole title must match. If several tasks match, the one with the exact same spelling comes first, then open tasks.',
      }),
      {
        key: 'status',
        label: 'Status',
        type: 'string',
        required: false,
        choices: STATUS,
        default: 'any',
        helpText: 'Find only open or only completed tasks. Leave as "Open or completed" to look at every task of the contact.',
      },
    ],
    perform,
    sample: taskSample,
    outputFields: taskOutputFields,
  },
});
export default findTask;

/** "Find or Create Task": find the contact's task by title, else create it (the key must be the search's). */
export const findOrCreateTask = {
  key: findTask.key,
  display: {
    label: 'Find or Create Task',
    description: "Finds a contact's task by title, or creates it when the contact has none with that title.",
  },
  search: findTask.key,
  create: 'create_task',
} as const;
