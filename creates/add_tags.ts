/** Add Tags to Contact — POST /contacts/{contactId}/tags (tag names; existing tags are kept). */
import { tagAction } from '../lib/memberships.js';

export default tagAction('add_tags', 'add');
