/** Delete Task: DELETE /contacts/{contactId}/tasks/{taskId} — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { deletedOutputFields } from '../lib/fields.js';
import { taskContactField, taskIdField, taskPath, taskRef, taskSample } from '../lib/tasks.js';

const perform = (async (z, bundle) => {
  const { contactId, taskId } = taskRef(bundle);
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
    outputFields: deletedOutputFields('Deleted Task ID'),
  },
});
