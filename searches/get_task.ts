/** Get Task: GET /contacts/{contactId}/tasks/{taskId} — one request; an unknown task is "no result", not an error. */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghlOrNone } from '../lib/client.js';
import { shapeTask, taskContactField, taskIdField, taskOutputFields, taskPath, taskRef, taskSample } from '../lib/tasks.js';

const perform = (async (z, bundle) => {
  const { contactId, taskId } = taskRef(bundle);
  const task = (await ghlOrNone<{ task?: Record<string, any> }>(z, { path: taskPath(contactId, taskId) }))?.task;
  return task ? [shapeTask({ id: taskId, ...task }, contactId)] : [];
}) satisfies SearchPerform;

export default defineSearch({
  key: 'get_task' as const,
  noun: 'Task',
  display: { label: 'Get Task', description: "Gets a contact's task by its ID." },
  operation: {
    inputFields: [taskContactField(), taskIdField()],
    perform,
    sample: taskSample,
    outputFields: taskOutputFields,
  },
});
