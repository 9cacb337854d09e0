/** Remove Tags from Contact — DELETE /contacts/{contactId}/tags with a JSON body of tag names. */
import { tagAction } from '../lib/memberships.js';

export default tagAction('remove_tags', 'remove');
