/** Mark Task Completed: PUT /contacts/{contactId}/tasks/{taskId}/completed { completed: true } — one request (lib/tasks.ts). */
import { taskCompletionAction } from '../lib/tasks.js';

export default taskCompletionAction('complete_task', true);
