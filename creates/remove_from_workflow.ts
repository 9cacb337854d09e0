/** Remove Contact from Workflow — DELETE /contacts/{contactId}/workflow/{workflowId} with body {}. */
import { workflowAction } from '../lib/memberships.js';

export default workflowAction('remove_from_workflow', 'remove');
