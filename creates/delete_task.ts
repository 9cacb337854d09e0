/** Delete Task: DELETE /contacts/{contactId}/tasks/{taskId} — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { taskContactField, taskIdField, taskPath, taskSample } from '../lib/tasks.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const taskId = requiredId(bundle.inputData.taskId, 'Task');
  await ghl(z, { method: 'DELETE', path: taskPath(contactId, taskId) });
  // HighLevel answers { succeded: true } (sic) and no task; errors (unknown task, …) were thrown above.
  return { id: taskId, contactId, deleted: true };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'delete_task' as const,
  noun: 'Task',
  display: { label: 'Delete Task', description: 'Deletes a task from a contact for good.' },
  operation: {
    inputFields: [taskContactField(), taskIdField()],
    perform,
    sample: { id: taskSample.id, contactId: taskSample.contactId, deleted: true },
    outputFields: [
      { key: 'id', label: 'Deleted Task ID' },
      { key: 'contactId', label: 'Contact ID' },
      { key: 'deleted', label: 'Deleted', type: 'boolean' },
    ],
  },
});
