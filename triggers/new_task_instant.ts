/**
 * New Task (Instant): HighLevel's `TaskCreate` through the webhook relay (lib/instant.ts). The payload lacks the twin's
 * names and dates (and often `contactId`, #332): one location task search per event finds the row (taskEventPerform);
 * the Assigned User / Contact filters are checked on it. Nothing is read while no task is added.
 */
import { instantTrigger, taskEventPerform, taskWatch } from '../lib/instant.js';
import twin from './new_task.js';

export default instantTrigger(twin, {
  key: 'new_task_instant',
  noun: 'Task',
  event: 'TaskCreate',
  when: 'a task is added to a contact in the sub-account (optionally only for chosen users or contacts)',
  perform: taskEventPerform('TaskCreate'),
  watch: taskWatch,
});
