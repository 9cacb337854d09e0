/** Reopen Task: PUT /contacts/{contactId}/tasks/{taskId}/completed { completed: false } — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { setTaskCompleted, taskContactField, taskIdField, taskOutputFields, taskSample } from '../lib/tasks.js';

const perform = (async (z, bundle) => setTaskCompleted(z, bundle, false)) satisfies CreatePerform;

export default defineCreate({
  key: 'reopen_task' as const,
  noun: 'Task',
  display: { label: 'Reopen Task', description: "Marks a contact's completed task as not completed (open) again." },
  operation: {
    inputFields: [taskContactField(), taskIdField()],
    perform,
    sample: taskSample,
    outputFields: taskOutputFields,
  },
});
