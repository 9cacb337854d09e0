/** Reopen Task: PUT /contacts/{contactId}/tasks/{taskId}/completed { completed: false } — one request (lib/tasks.ts). */
import { taskCompletionAction } from '../lib/tasks.js';

export default taskCompletionAction('reopen_task', false);
