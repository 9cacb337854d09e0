/**
 * Task Completed: every completed task of the sub-account, most recently updated first; Zapier's dedupe on the
 * task id fires each once. Cost per poll: 1 with no completed task, 2 with 1–499, else ⌊completed tasks / 500⌋ + 1
 * (at most 20) — see pollTasks.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { completedTaskSample, pollTasks, searchedTaskOutputFields, taskFilterFields } from '../lib/tasks.js';

// Completing a task updates it, so dateUpdated (where HighLevel sends it) approximates the completion time.
const perform = (async (z, bundle) => pollTasks(z, bundle, true, ['dateUpdated', 'dueDate'])) satisfies PollingTriggerPerform;

export default defineTrigger({
  key: 'task_completed' as const,
  noun: 'Task',
  display: {
    label: 'Task Completed',
    description: 'Triggers when a task of a contact in the sub-account is marked completed (optionally only for chosen users or contacts).',
  },
  operation: {
    type: 'polling',
    inputFields: taskFilterFields(),
    perform,
    sample: completedTaskSample,
    outputFields: searchedTaskOutputFields,
  },
});
