/** Remove Contact from Campaign — DELETE /contacts/{contactId}/campaigns/{campaignId}. */
import { campaignAction } from '../lib/memberships.js';

export default campaignAction('remove_from_campaign', 'remove');
