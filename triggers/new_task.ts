/**
 * New Task: every open task of the sub-account, newest first; Zapier's dedupe on the task id fires each once.
 * Cost per poll: 1 with no open task, 2 with 1–499, else ⌊open tasks / 500⌋ + 1 (at most 20) — see pollTasks in lib/tasks.ts.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { pollTasks, searchedTaskOutputFields, searchedTaskSample, taskFilterFields } from '../lib/tasks.js';

// A new task is open (HighLevel creates tasks with completed: false). REST tasks carry no creation date, so
// "newest" is the search row's dateAdded where HighLevel sends it, else the latest due date.
const perform = (async (z, bundle) => pollTasks(z, bundle, false, ['dateAdded', 'dueDate'])) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'new_task' as const,
  noun: 'Task',
  display: {
    label: 'New Task',
    description: 'Triggers when a task is added to a contact in the sub-account (optionally only for chosen users or contacts).',
  },
  operation: {
    type: 'polling',
    inputFields: taskFilterFields(),
    perform,
    sample: searchedTaskSample,
    outputFields: searchedTaskOutputFields,
  },
});
