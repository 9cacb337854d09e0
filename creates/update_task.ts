/** Update Task: PUT /contacts/{contactId}/tasks/{taskId} with only the fields filled in — one request. */
import { defineCreate, type CreatePerform } from 'zapier-platform-core';
import { ghl } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import {
  descriptionField,
  dueDateField,
  shapeTask,
  taskContactField,
  taskIdField,
  taskOutputFields,
  taskPath,
  taskRef,
  taskSample,
  taskWrite,
  titleField,
} from '../lib/tasks.js';
import { taskUserField } from '../lib/tasks.js';

const perform = (async (z, bundle) => {
  const { contactId, taskId } = taskRef(bundle);
  const changes = taskWrite(bundle.inputData);
  if (!Object.keys(changes).length) {
    throw inputError(
      'Title',
      'or another task field (Description, Due Date, Assigned User) must be filled in: there is nothing to update.',
    );
  }
  const data = await ghl<{ task?: Record<string, any> }>(z, { method: 'PUT', path: taskPath(contactId, taskId), body: changes });
  return shapeTask({ id: taskId, ...(data?.task ?? {}) }, contactId);
}) satisfies CreatePerform;

export default defineCreate({
  key: 'update_task' as const,
  noun: 'Task',
  display: {
    label: 'Update Task',
    description: "Updates the title, description, due date or assigned user of a contact's task; fields left empty stay as they are.",
  },
  operation: {
    inputFields: [
      taskContactField(),
      taskIdField(),
      titleField({ required: false, helpText: 'The new task title. Leave empty to keep the current one.' }),
      descriptionField({ helpText: 'The new task details. Leave empty to keep the current ones.' }),
      dueDateField({
        required: false,
        helpText:
          'The new due date. Any date and time works, for example `2026-12-01 09:30` or "next Monday 9am". Leave empty to keep the current one.',
      }),
      taskUserField({ helpText: 'The user to reassign the task to (Settings → My Staff). Leave empty to keep the current assignee.' }),
    ],
    perform,
    sample: taskSample,
    outputFields: taskOutputFields,
  },
});
