/** Hidden trigger behind every "Task" dropdown: the tasks of the contact chosen in the Contact field, open ones first. */
import type { PollingTriggerPerform } from 'zapier-platform-core';
import { dropdownTrigger } from '../lib/fields.js';
import { ghl } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import { shapeTask, taskPath } from '../lib/tasks.js';

const perform = (async (z, bundle) => {
  const contactId = String(bundle.inputData.contactId ?? '').trim();
  if (!contactId) throw inputError('Contact', 'must be chosen first: the Task dropdown lists the tasks of that contact.');
  // One request: HighLevel returns all of a contact's tasks at once (the endpoint has no paging).
  const data = await ghl<{ tasks?: Record<string, any>[] }>(z, { path: taskPath(contactId) });
  return (data?.tasks ?? [])
    .map((raw) => shapeTask(raw, contactId))
    .filter((t) => t.id)
    .sort((a, b) => Number(a.completed) - Number(b.completed) || (a.dueDate ?? '').localeCompare(b.dueDate ?? ''))
    .map((t) => ({
      id: t.id,
      name: `${t.title ?? '(untitled)'} (${[t.dueDate && `due ${t.dueDate.slice(0, 10)}`, t.completed ? 'completed' : 'open'].filter(Boolean).join(', ')})`,
    }));
}) satisfies PollingTriggerPerform;

export default dropdownTrigger({
  key: 'task_list' as const,
  noun: 'Task',
  label: 'List Tasks',
  when: 'a task is added to the chosen contact',
  perform,
});
