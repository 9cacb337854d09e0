/**
 * OAuth2 against a HighLevel Marketplace app. Two kinds of connection: a sub-account connection (Location token,
 * one sub-account) and an agency connection (Company token: every sub-account the app is installed in, picked per
 * step, see lib/agency.ts). The code exchange asks for a Location token and keeps a Company token when HighLevel
 * hands one over (agency-view and bulk installs); the refresh asks for the user type the connection holds.
 *
 * HighLevel rotates the refresh token on every refresh and the old one stops working, so the refresh returns the
 * new `refresh_token` and Zapier stores it. `autoRefresh` stays off on purpose: with it, core turns *every* 401 —
 * including "The token is not authorized for this scope.", which no refresh can cure — into a refresh and retry.
 * lib/errors.ts throws RefreshAuthError for expired or invalid tokens only, which makes Zapier refresh just the same.
 *
 * Two runs of one connection may refresh with the same refresh token at once; HighLevel answers the second with
 * invalid_grant. The winner keeps the rotated pair in z.cache for ROTATION_KEEP_SECONDS, keyed by a hash of the
 * refresh token it spent; the loser finds it there (waiting up to GHL_ROTATION_WAIT_MS) and returns the same pair.
 * Only a refresh token nobody rotated ends in ExpiredAuthError.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { apiBaseUrl, marketplaceUrl, SCOPES } from './lib/config.js';
import { createHash } from 'node:crypto';
import { ghl, ghlPath, locationId } from './lib/client.js';
import { messagesOf, networkError } from './lib/errors.js';
import { connectionCache, isAgency } from './lib/agency.js';
import { installedLocations } from './lib/subAccounts.js';

const clientCredentials = () => {
  const client_id = process.env.CLIENT_ID;
  const client_secret = process.env.CLIENT_SECRET;
  if (!client_id || !client_secret) {
    throw new Error('CLIENT_ID and CLIENT_SECRET are not set for this integration version (zapier-platform env:set).');
  }
  return { client_id, client_secret };
};

type UserType = 'Location' | 'Company';
type Tokens = Record<string, string>;

/** How long the winner of a refresh keeps the rotated pair for a concurrent loser, and how long the loser waits. */
const ROTATION_KEEP_SECONDS = 120;
const rotationWaitMs = () => Number(process.env.GHL_ROTATION_WAIT_MS ?? 3000);
const rotationKey = (refreshToken: string) => `highlevel:rotated-refresh:v1:${createHash('sha256').update(refreshToken).digest('hex')}`;
/** The same handover within one process (and where z.cache is not available). */
const rotatedHere = new Map<string, { tokens: Tokens; until: number }>();
/** For tests: forget the in-process handovers. */
export const forgetRotations = (): void => rotatedHere.clear();

async function rotatedBySomeoneElse(z: ZObject, refreshToken: string): Promise<Tokens | undefined> {
  const key = rotationKey(refreshToken);
  const look = async () => {
    const here = rotatedHere.get(key);
    if (here && here.until > Date.now()) return here.tokens;
    try {
      const found = (await connectionCache(z).get(key, ['auth'])) as Tokens | null;
      if (found?.access_token) return found;
    } catch {
      // no cache available
    }
    return undefined;
  };
  const deadline = Date.now() + rotationWaitMs();
  for (;;) {
    const found = await look();
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(1, deadline - Date.now()))));
  }
}

async function keepRotated(z: ZObject, spent: string, tokens: Tokens): Promise<void> {
  const key = rotationKey(spent);
  rotatedHere.set(key, { tokens, until: Date.now() + ROTATION_KEEP_SECONDS * 1000 });
  try {
    await connectionCache(z).set(key, tokens, ROTATION_KEEP_SECONDS, ['auth']);
  } catch {
    // no cache available: the in-process copy still serves a loser in this process
  }
}

/** Does HighLevel's refusal of a code exchange say the code belongs to the other user type? */
const userTypeMismatch = (said: string) => /user ?type/i.test(said);

/** POST /oauth/token (form-urlencoded, no Version header) for a code or a refresh token. */
async function requestToken(
  z: ZObject,
  grant: Record<string, string>,
  previous: Record<string, any> = {},
  userType: UserType = 'Location',
): Promise<Tokens> {
  let response;
  try {
    response = await z.request({
      url: `${apiBaseUrl()}/oauth/token`,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: { ...clientCredentials(), ...grant, user_type: userType },
      skipThrowForStatus: true,
    });
  } catch (error) {
    // No answer at all (timeout, reset connection): like a 5xx, retry later — never node-fetch's raw error.
    if (!networkError(error, { method: 'POST', path: '/oauth/token' })) throw error;
    throw new z.errors.ThrottledError(
      'HighLevel could not be reached to issue a token right now (the connection failed or timed out); Zapier will retry.',
      60,
    );
  }
  const said = messagesOf(response).join('; ') || `status ${response.status}`;
  const refreshing = grant.grant_type === 'refresh_token';
  if (response.status === 429 || response.status >= 500) {
    throw new z.errors.ThrottledError(`HighLevel could not issue a token right now (${said}); Zapier will retry.`, 60);
  }
  if (response.status >= 400) {
    if (!refreshing && userType === 'Location' && userTypeMismatch(said)) {
      return requestToken(z, grant, previous, 'Company'); // an agency-level install: ask once more for its Company token
    }
    if (refreshing) {
      // Refused because another run of this connection just spent the same refresh token? Then its pair is ours too.
      const maybeRotated = !/not active|invalid.client/i.test(said);
      const rotated = maybeRotated ? await rotatedBySomeoneElse(z, grant.refresh_token!) : undefined;
      if (rotated) return rotated;
      throw new z.errors.ExpiredAuthError(
        `HighLevel would not renew this connection (HighLevel said: "${said}"). ` +
          (/not active/i.test(said)
            ? 'The sub-account is not active — it may be suspended or its billing failed. Ask the agency to reactivate it, then reconnect HighLevel in Zapier.'
            : 'The app may have been uninstalled from the sub-account, or the connection was renewed elsewhere. Reconnect HighLevel in Zapier.'),
      );
    }
    throw new z.errors.Error(
      `HighLevel did not accept the sign-in (HighLevel said: "${said}"). Start connecting again; if it repeats, check the app's client ID, secret and redirect URL.`,
      'oauth_error',
      response.status,
    );
  }
  const data = response.data as Record<string, any>;
  if (!data?.access_token)
    throw new z.errors.Error(
      'HighLevel answered the token request without an access token. Try connecting again.',
      'oauth_error',
      response.status,
    );
  const company = refreshing ? previous.userType === 'Company' : data.userType === 'Company';
  if (!refreshing && !company && !data.locationId) {
    throw new z.errors.Error(
      'HighLevel answered the sign-in without a sub-account or agency. Connect again and choose a sub-account on the HighLevel screen.',
      'oauth_error',
      400,
    );
  }
  // The computed fields must come back on refresh too; HighLevel repeats them, the previous values are the fallback.
  const tokens: Tokens = {
    access_token: data.access_token as string,
    refresh_token: data.refresh_token as string,
    locationId: company ? '' : ((data.locationId ?? previous.locationId) as string),
    companyId: (data.companyId ?? previous.companyId) as string,
    userId: (data.userId ?? previous.userId) as string,
  };
  // Connections made before agency support have no userType and get none (they behave exactly as before).
  if (!refreshing) tokens.userType = company ? 'Company' : 'Location';
  else if (previous.userType) tokens.userType = String(previous.userType);
  if (refreshing) await keepRotated(z, grant.refresh_token!, tokens);
  return tokens;
}

export default {
  type: 'oauth2',
  oauth2Config: {
    authorizeUrl: async (_z: ZObject, bundle: Bundle) => {
      const url = new URL(`${marketplaceUrl()}/v2/oauth/chooselocation`);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', process.env.CLIENT_ID ?? '');
      url.searchParams.set('redirect_uri', String(bundle.inputData.redirect_uri ?? ''));
      url.searchParams.set('scope', SCOPES.join(' '));
      url.searchParams.set('state', String(bundle.inputData.state ?? ''));
      return url.toString();
    },
    getAccessToken: (z: ZObject, bundle: Bundle) =>
      requestToken(z, {
        grant_type: 'authorization_code',
        code: String(bundle.inputData.code ?? ''),
        redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
      }),
    refreshAccessToken: (z: ZObject, bundle: Bundle) =>
      requestToken(
        z,
        { grant_type: 'refresh_token', refresh_token: String(bundle.authData.refresh_token ?? '') },
        bundle.authData,
        isAgency(bundle) ? 'Company' : 'Location',
      ),
    scope: SCOPES.join(' '),
    autoRefresh: false,
  },
  fields: [
    { key: 'locationId', type: 'string', required: false, computed: true },
    { key: 'companyId', type: 'string', required: false, computed: true },
    { key: 'userId', type: 'string', required: false, computed: true },
    { key: 'userType', type: 'string', required: false, computed: true },
  ],
  test: async (z: ZObject, bundle: Bundle) => {
    if (isAgency(bundle)) {
      // One request: the first installed sub-account and the count (the label shows it).
      const { locations, count } = await installedLocations(z, bundle, { limit: 1 });
      return {
        id: bundle.authData.companyId,
        companyId: bundle.authData.companyId,
        subAccounts: count,
        firstSubAccount: locations[0]?.name,
      };
    }
    const data = await ghl<{ location: Record<string, unknown> }>(z, { path: ghlPath`/locations/${locationId(bundle)}` });
    return data.location;
  },
  connectionLabel: async (_z: ZObject, bundle: Bundle) => {
    if (isAgency(bundle)) {
      const n = Number(bundle.inputData?.subAccounts ?? 0);
      return `Agency ${bundle.authData?.companyId ?? ''} — ${n} sub-account${n === 1 ? '' : 's'}`;
    }
    return String(bundle.inputData?.name || bundle.authData?.locationId || 'HighLevel');
  },
} satisfies Authentication;
