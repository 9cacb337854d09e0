/**
 * Task Completed (Instant): HighLevel's `TaskComplete` through the webhook relay (lib/instant.ts). The payload lacks the twin's
 * names and dates (and often `contactId`, #332): one location task search per event finds the row (taskEventPerform);
 * the Assigned User / Contact filters are checked on it. Nothing is read while no task is completed.
 */
import { instantTrigger, taskEventPerform, taskWatch } from '../lib/instant.js';
import twin from './task_completed.js';

export default instantTrigger(twin, {
  key: 'task_completed_instant',
  noun: 'Task',
  event: 'TaskComplete',
  when: 'a task of a contact in the sub-account is marked completed (optionally only for chosen users or contacts)',
  perform: taskEventPerform('TaskComplete'),
  watch: taskWatch,
});
