/**
 * Task Completed (Instant): HighLevel's `TaskComplete` through the webhook relay (lib/instant.ts). The payload lacks the twin's
 * names and dates (and often `contactId`, #332): one location task search per event finds the row (taskOfEvent);
 * the Assigned User / Contact filters are checked on it. Nothing is read while no task is completed.
 */
import type { WebhookTriggerPerform } from 'zapier-platform-core';
import { instantTrigger, recordOf, taskOfEvent, taskPasses, taskWatch } from '../lib/instant.js';
import twin from './task_completed.js';

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'TaskComplete');
  if (!event?.id) return [];
  const task = await taskOfEvent(z, bundle, event, true);
  return taskPasses(task, bundle.inputData ?? {}) ? [task] : [];
}) satisfies WebhookTriggerPerform;

export default instantTrigger(twin, {
  key: 'task_completed_instant',
  noun: 'Task',
  event: 'TaskComplete',
  when: 'a task of a contact in the sub-account is marked completed (optionally only for chosen users or contacts)',
  perform,
  watch: taskWatch,
});
