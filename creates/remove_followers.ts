/** Remove Followers from Contact — DELETE /contacts/{contactId}/followers with a JSON body of user ids. */
import { followerAction } from '../lib/memberships.js';

export default followerAction('remove_followers', 'remove');
