/**
 * New Task (Instant): HighLevel's `TaskCreate` through the webhook relay (lib/instant.ts). The payload lacks the twin's
 * names and dates (and often `contactId`, #332): one location task search per event finds the row (taskOfEvent);
 * the Assigned User / Contact filters are checked on it. Nothing is read while no task is added.
 */
import { defineTrigger, type WebhookTriggerPerform } from 'zapier-platform-core';
import { instantDisplay, recordOf, subscribe, taskOfEvent, taskPasses, taskWatch, twinOf, unsubscribe } from '../lib/instant.js';
import twin from './new_task.js';

const TWIN = twinOf(twin);

const perform = (async (z, bundle) => {
  const event = recordOf(bundle, 'TaskCreate');
  if (!event?.id) return [];
  const task = await taskOfEvent(z, bundle, event, false);
  return taskPasses(task, bundle.inputData ?? {}) ? [task] : [];
}) satisfies WebhookTriggerPerform;

export default defineTrigger({
  key: 'new_task_instant' as const,
  noun: 'Task',
  display: instantDisplay(TWIN.label, 'a task is added to a contact in the sub-account (optionally only for chosen users or contacts)'),
  operation: {
    type: 'hook',
    inputFields: TWIN.inputFields,
    performSubscribe: (z, bundle) => subscribe(z, bundle, 'TaskCreate', TWIN.label, taskWatch(bundle.inputData ?? {})),
    performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, TWIN.label),
    perform,
    performList: TWIN.performList,
    sample: TWIN.sample,
    outputFields: TWIN.outputFields,
  },
});
