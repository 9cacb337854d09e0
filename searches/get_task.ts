/** Get Task: GET /contacts/{contactId}/tasks/{taskId} — one request; an unknown task is "no result", not an error. */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghlResponse } from '../lib/client.js';
import { messagesOf, toZapierError } from '../lib/errors.js';
import { shapeTask, taskContactField, taskIdField, taskOutputFields, taskPath, taskSample } from '../lib/tasks.js';
import { requiredId } from '../lib/inputs.js';

const perform = (async (z, bundle) => {
  const contactId = requiredId(bundle.inputData.contactId, 'Contact');
  const taskId = requiredId(bundle.inputData.taskId, 'Task');
  const response = await ghlResponse(z, { path: taskPath(contactId, taskId), skipThrowForStatus: true });
  if (response.status === 404 || (response.status === 400 && /not ?found/i.test(messagesOf(response).join(' ')))) return [];
  if (response.status >= 400) throw toZapierError(response, z);
  const task = (response.data as { task?: Record<string, any> } | undefined)?.task;
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
