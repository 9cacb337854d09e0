/** Add Contact to Workflow — POST /contacts/{contactId}/workflow/{workflowId} (optional eventStartTime). */
import { workflowAction } from '../lib/memberships.js';

export default workflowAction('add_to_workflow', 'add');
