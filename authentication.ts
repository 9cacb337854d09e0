/**
 * OAuth2 against a HighLevel Marketplace app (Sub-Account distribution): one connection = one sub-account.
 *
 * HighLevel rotates the refresh token on every refresh and the old one stops working, so the refresh returns the
 * new `refresh_token` and Zapier stores it. `autoRefresh` stays off on purpose: with it, core turns *every* 401 —
 * including "The token is not authorized for this scope.", which no refresh can cure — into a refresh and retry.
 * lib/errors.ts throws RefreshAuthError for expired or invalid tokens only, which makes Zapier refresh just the same.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { apiBaseUrl, marketplaceUrl, SCOPES } from './lib/config.js';
import { ghl, ghlPath, locationId } from './lib/client.js';
import { messagesOf, networkError } from './lib/errors.js';

const clientCredentials = () => {
  const client_id = process.env.CLIENT_ID;
  const client_secret = process.env.CLIENT_SECRET;
  if (!client_id || !client_secret) {
    throw new Error('CLIENT_ID and CLIENT_SECRET are not set for this integration version (zapier-platform env:set).');
  }
  return { client_id, client_secret };
};

/** POST /oauth/token (form-urlencoded, no Version header) for a code or a refresh token. */
async function requestToken(z: ZObject, grant: Record<string, string>, previous: Record<string, any> = {}) {
  let response;
  try {
    response = await z.request({
      url: `${apiBaseUrl()}/oauth/token`,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: { ...clientCredentials(), ...grant, user_type: 'Location' },
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
    if (refreshing) {
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
  if (!refreshing && (data.userType === 'Company' || !data.locationId)) {
    throw new z.errors.Error(
      'You connected a HighLevel agency account, but this integration works inside one sub-account. ' +
        'Connect again and, on the HighLevel screen, choose the sub-account (location) whose contacts you want to use.',
      'agency_token',
      400,
    );
  }
  // The computed fields must come back on refresh too; HighLevel repeats them, the previous values are the fallback.
  return {
    access_token: data.access_token as string,
    refresh_token: data.refresh_token as string,
    locationId: (data.locationId ?? previous.locationId) as string,
    companyId: (data.companyId ?? previous.companyId) as string,
    userId: (data.userId ?? previous.userId) as string,
  };
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
      requestToken(z, { grant_type: 'refresh_token', refresh_token: String(bundle.authData.refresh_token ?? '') }, bundle.authData),
    scope: SCOPES.join(' '),
    autoRefresh: false,
  },
  fields: [
    { key: 'locationId', type: 'string', required: false, computed: true },
    { key: 'companyId', type: 'string', required: false, computed: true },
    { key: 'userId', type: 'string', required: false, computed: true },
  ],
  test: async (z: ZObject, bundle: Bundle) => {
    const data = await ghl<{ location: Record<string, unknown> }>(z, { path: ghlPath`/locations/${locationId(bundle)}` });
    return data.location;
  },
  connectionLabel: async (_z: ZObject, bundle: Bundle) => String(bundle.inputData?.name || bundle.authData?.locationId || 'HighLevel'),
} satisfies Authentication;
