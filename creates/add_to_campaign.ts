/** Add Contact to Campaign — POST /contacts/{contactId}/campaigns/{campaignId} with body {}. */
import { campaignAction } from '../lib/memberships.js';

export default campaignAction('add_to_campaign', 'add');
