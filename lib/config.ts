/** Where HighLevel lives and what we ask of it — everything environment-dependent, in one place. */

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** API host. `GHL_API_BASE_URL` points the integration at the local sandbox or a test double. */
export const apiBaseUrl = (): string => trimSlash(process.env.GHL_API_BASE_URL || 'https://services.leadconnectorhq.com');

/**
 * Marketplace host that shows the "choose a sub-account" page. White-label (LeadConnector) marketplace apps must
 * use `https://marketplace.leadconnectorhq.com` — on the other host they fail with "No integration found".
 */
export const marketplaceUrl = (): string => trimSlash(process.env.GHL_MARKETPLACE_URL || 'https://marketplace.gohighlevel.com');

/**
 * How long one HighLevel request may take. Zapier ends a step at 30 s with a generic message; stopping the request
 * a little earlier lets the user see ours ("HighLevel did not answer in time", and for a write: check before you
 * replay). `GHL_REQUEST_TIMEOUT_MS` is for tests.
 */
export const requestTimeoutMs = (): number => Number(process.env.GHL_REQUEST_TIMEOUT_MS) || 25_000;

/** The `Version` header the vendor spec declares: calendars (incl. appointments) 2021-04-15, the rest 2021-07-28. */
export const versionFor = (path: string): string | undefined => {
  if (path === '/oauth/token') return undefined;
  return path.startsWith('/calendars') ? '2021-04-15' : '2021-07-28';
};

/**
 * The marketplace app's id (GET /oauth/installedLocations needs it): `GHL_APP_ID`, or the client id's part before
 * the first "-" (HighLevel's client ids are "<appId>-<suffix>"; the official SDK derives it the same way).
 */
export const appId = (): string => process.env.GHL_APP_ID || String(process.env.CLIENT_ID ?? '').split('-')[0]!;

/**
 * The least set of scopes that covers every operation of this app (one line each, why):
 * contacts, tags on contacts, tasks, notes, followers, campaign/workflow enrolment, contact appointments;
 * the location (connection test/label); custom field definitions; location tags; location task search;
 * users (assignee dropdowns); calendars; calendar events read and write; campaign and workflow dropdowns;
 * agency connections: the installed sub-accounts (dropdown, connection test) and minting their location tokens.
 */
export const SCOPES = [
  'contacts.readonly',
  'contacts.write',
  'locations.readonly',
  'locations/customFields.readonly',
  'locations/tags.readonly',
  'locations/tasks.readonly',
  'users.readonly',
  'calendars.readonly',
  'calendars/events.readonly',
  'calendars/events.write',
  'campaigns.readonly',
  'workflows.readonly',
  'oauth.readonly',
  'oauth.write',
] as const;
