/** Remove Tags from Contact — DELETE /contacts/{contactId}/tags with a JSON body of tag names. */
import { tagAction } from '../lib/tags.js';

export default tagAction('remove_tags', 'remove');
