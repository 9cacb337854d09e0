/** Create Task: POST /contacts/{contactId}/tasks — one request; returns the new task with its ids. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { contactIdField } from '../lib/fields.js';
import { ghl } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import { descriptionField, dueDateField, taskFrom, taskOutputFields, taskPath, taskSample, taskWrite, titleField } from '../lib/tasks.js';
import { taskUserField } from '../lib/tasks.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  if (bundle.inputData.title === undefined) throw inputError('Title', 'is required: type the task title or map it from an earlier step.');
  if (bundle.inputData.dueDate === undefined) throw inputError('Due Date', 'is required: HighLevel needs a due date for every task.');
  const { title, dueDate, ...optional } = taskWrite(bundle.inputData);
  // HighLevel requires `completed` on create; a new task starts open.
  const data = await ghl<{ task?: Record<string, any> }>(z, {
    method: 'POST',
    path: taskPath(contactId),
    body: { title, dueDate, completed: false, ...optional },
  });
  return taskFrom(z, data, contactId, 'task creation');
}) satisfies CreatePerform;

export default defineCreate({
  key: 'create_task' as const,
  noun: 'Task',
  display: { label: 'Create Task', description: 'Creates a task on a contact, with a due date and optionally an assigned user.' },
  operation: {
    inputFields: [contactIdField(), titleField(), descriptionField(), dueDateField(), taskUserField()],
    perform,
    sample: taskSample,
    outputFields: taskOutputFields,
  },
});
