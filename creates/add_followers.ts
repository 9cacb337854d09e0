/** Add Followers to Contact — POST /contacts/{contactId}/followers (user ids). */
import { followerAction } from '../lib/memberships.js';

export default followerAction('add_followers', 'add');
