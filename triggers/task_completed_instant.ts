/**
 * Task Completed (Instant): HighLevel's `TaskComplete` through the webhook relay (lib/instant.ts). The payload lacks the twin's
 * names and dates (and often `contactId`, #332): one location task search per event finds the row (taskOfEvent);
 * the Assigned User / Contact filters are checked on it. Nothing is read while no task is completed.
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import { instantDisplay, recordOf, subscribe, taskOfEvent, taskPasses, taskWatch, twinOf, unsubscribe } from '../lib/instant.js';
import twin from './task_completed.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'TaskComplete');
  if (!event?.id) return [];
  const task = await taskOfEvent(z, bundle, event, true);
  return taskPasses(task, bundle.inputData ?? {}) ? [task] : [];
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'task_completed_instant' as const,
  noun: 'Task',
  display: instantDisplay(
    TWIN.label,
    'a task of a contact in the sub-account is marked completed (optionally only for chosen users or contacts)',
  ),
  operation: {
    type: 'hook',
    inputFields: TWIN.inputFields,
    performSubscribe: (z, bundle) => subscribe(z, bundle, 'TaskComplete', TWIN.label, taskWatch(bundle.inputData ?? {})),
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
