/** Mark Task Completed: PUT /contacts/{contactId}/tasks/{taskId}/completed { completed: true } — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { setTaskCompleted, taskContactField, taskIdField, taskOutputFields, taskSample } from '../lib/tasks.js';

const perform = (async (z, bundle) => setTaskCompleted(z, bundle, true)) satisfies CreatePerform;

export default defineCreate({
  key: 'complete_task' as const,
  noun: 'Task',
  display: { label: 'Mark Task Completed', description: "Marks a contact's task as completed." },
  operation: {
    inputFields: [taskContactField(), taskIdField()],
    perform,
    sample: { ...taskSample, completed: true },
    outputFields: taskOutputFields,
  },
});
