/**
 * OAuth 2.0 the way HighLevel's marketplace does it:
 * - GET /v2/oauth/chooselocation (and the older /oauth/chooselocation): the "choose a sub-account" page; its form
 *   POSTs back and the browser is sent to `redirect_uri?code=…&state=…`. Scripts add `auto=1` (optionally
 *   `locationId=…`) to get that 302 straight away.
 *   `userType=Company` (or picking "the whole agency" on the page) is the consent an agency-view or bulk install
 *   gives: its code exchanges for a Company token whatever `user_type` the app asks for.
 * - POST /oauth/token (form-urlencoded only): `authorization_code` and `refresh_token` grants with client_id and
 *   client_secret; `user_type=Location` (default) or `Company`. Codes are single-use (10 min); refresh tokens
 *   rotate and stop working once used; access tokens expire after the configured TTL (86399 s by default).
 * - Location tokens minted from a Company token (agency.ts) expire after `locationTokenTtlSeconds` and have no
 *   refresh token: the app mints again.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, FORBIDDEN_LOCATION } from './http.ts';
import type { AccessToken, Grant, Store } from './store.ts';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  /** lifetime of location tokens minted with POST /oauth/locationToken (default: accessTokenTtlSeconds) */
  locationTokenTtlSeconds?: number;
  /** when set, redirect_uri must be one of these */
  redirectUris?: string[];
  /** what a consent without a `scope` parameter grants */
  defaultScopes?: string[];
}

const CODE_TTL_MS = 10 * 60_000;
/** the consent page's value for "the whole agency" */
const AGENCY_CHOICE = 'agency';
const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** An opaque JWT-shaped token (HighLevel's are JWTs; the sandbox looks them up instead of verifying). */
function jwtLike(grant: Grant, now: number, ttl: number): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = {
    authClass: grant.userType,
    authClassId: grant.locationId ?? grant.companyId,
    source: 'INTEGRATION',
    sourceId: grant.clientId,
    iat: Math.floor(now / 1000),
    exp: Math.floor(now / 1000) + ttl,
    jti: randomBytes(8).toString('hex'),
  };
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.${randomBytes(32).toString('base64url')}`;
}

export class OAuth {
  readonly config: OAuthConfig;
  private readonly store: Store;
  constructor(store: Store, config: OAuthConfig) {
    this.store = store;
    this.config = config;
  }

  /** Issues a token pair for a grant (what the token endpoint answers). Tests may call it directly. */
  issue(grant: Partial<Grant> = {}): Record<string, unknown> {
    const store = this.store;
    const loc = grant.userType === 'Company' ? undefined : store.loc(grant.locationId);
    const full: Grant = {
      userType: grant.userType ?? 'Location',
      clientId: grant.clientId ?? this.config.clientId,
      locationId: grant.userType === 'Company' ? undefined : loc!.location.id,
      companyId: grant.companyId ?? loc?.location.companyId ?? [...store.companies.keys()][0]!,
      userId: grant.userId ?? [...store.users.values()].find((u) => u.role === 'admin')?.id ?? '',
      scopes: grant.scopes ?? this.config.defaultScopes ?? [],
    };
    const now = store.now();
    const ttl = this.config.accessTokenTtlSeconds;
    const access: AccessToken = { ...full, token: jwtLike(full, now, ttl), expiresAt: now + ttl * 1000 };
    const refresh = { ...full, token: jwtLike(full, now, 365 * 86400), used: false };
    store.accessTokens.set(access.token, access);
    store.refreshTokens.set(refresh.token, refresh);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refresh.token,
      scope: full.scopes.join(' '),
      userType: full.userType,
      ...(full.locationId ? { locationId: full.locationId } : {}),
      companyId: full.companyId,
      ...(full.userType === 'Company'
        ? {
            approvedLocations: [...store.locations.values()]
              .filter((l) => l.location.companyId === full.companyId && l.location.appInstalled !== false)
              .map((l) => l.location.id),
          }
        : {}),
      userId: full.userId,
      planId: 'sandbox-plan',
      isBulkInstallation: false,
    };
  }

  /** A location token minted from an agency's Company token (POST /oauth/locationToken's answer). */
  mintLocationToken(company: Grant, locationId: string): Record<string, unknown> {
    const now = this.store.now();
    const ttl = this.config.locationTokenTtlSeconds ?? this.config.accessTokenTtlSeconds;
    const grant: Grant = { ...company, userType: 'Location', locationId };
    const access: AccessToken = { ...grant, token: jwtLike(grant, now, ttl), expiresAt: now + ttl * 1000 };
    this.store.accessTokens.set(access.token, access);
    const appId = grant.clientId.split('-')[0];
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: grant.scopes.join(' '),
      locationId,
      planId: 'sandbox-plan',
      userId: grant.userId,
      appId,
      versionId: `${appId}-v1`,
    };
  }

  /** An authorization code, as the consent page grants it (for scripts that skip the page). */
  grantCode(
    opts: { locationId?: string; scope?: string; redirectUri?: string; clientId?: string; userType?: 'Location' | 'Company' } = {},
  ): string {
    const loc = this.store.loc(opts.locationId);
    const code = token('');
    this.store.codes.set(code, {
      code,
      userType: opts.userType,
      clientId: opts.clientId ?? this.config.clientId,
      redirectUri: opts.redirectUri,
      locationId: loc.location.id,
      companyId: loc.location.companyId,
      userId: [...this.store.users.values()].find((u) => u.role === 'admin' && u.locationIds.includes(loc.location.id))?.id ?? '',
      scopes: opts.scope?.trim() ? opts.scope.split(/[\s,]+/).filter(Boolean) : (this.config.defaultScopes ?? []),
      expiresAt: this.store.now() + CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  /** The token of an `Authorization: Bearer …` header, or the 401 HighLevel answers. */
  authenticate(header: string | undefined): AccessToken {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const found = m ? this.store.accessTokens.get(m[1]!) : undefined;
    if (!found || found.expiresAt <= this.store.now()) throw new ApiError(401, 'Invalid JWT');
    return found;
  }

  // ------------------------------------------------------------------------------------ the consent page

  /** GET/POST of the chooselocation page: HTML, or a 302 to the redirect URI with the code. */
  chooseLocation(
    method: string,
    query: URLSearchParams,
    form: URLSearchParams | undefined,
  ): { status: number; headers: Record<string, string>; body: string } {
    const p = (name: string) => form?.get(name) ?? query.get(name) ?? '';
    const clientId = p('client_id');
    const redirectUri = p('redirect_uri');
    const html = (status: number, title: string, inner: string) => ({
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: page(title, inner),
    });
    if (clientId !== this.config.clientId)
      return html(400, 'No integration found', `<p>No integration found with the ID: ${esc(clientId)}</p>`);
    if (p('response_type') !== 'code') return html(400, 'Invalid request', '<p>response_type must be "code".</p>');
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return html(400, 'Invalid request', '<p>redirect_uri is missing or not a URL.</p>');
    }
    if (this.config.redirectUris && !this.config.redirectUris.includes(redirectUri))
      return html(400, 'Invalid request', '<p>redirect_uri is not registered for this app.</p>');

    const locations = [...this.store.locations.values()].map((l) => l.location);
    const decided = method === 'POST' || p('auto') === '1' || p('auto') === 'true';
    if (decided) {
      const agency = p('userType') === 'Company' || p('locationId') === AGENCY_CHOICE;
      const locationId = (agency ? '' : p('locationId')) || locations[0]?.id || '';
      if (!this.store.locations.has(locationId)) return html(400, 'Invalid request', `<p>${esc(FORBIDDEN_LOCATION)}</p>`);
      const userType = agency ? 'Company' : undefined;
      const code = this.grantCode({ locationId, scope: p('scope'), redirectUri, clientId, userType });
      // Consent installs the app (in the sub-account, or agency-wide): HighLevel sends INSTALL to the app's webhook URL.
      const installed = this.store.codes.get(code);
      this.store.emit({
        type: 'INSTALL',
        loc: this.store.loc(locationId),
        record: { companyId: installed?.companyId, userId: installed?.userId, installType: agency ? 'Company' : 'Location' },
      });
      redirect.searchParams.set('code', code);
      if (p('state')) redirect.searchParams.set('state', p('state'));
      return {
        status: 302,
        headers: { location: redirect.toString(), 'content-type': 'text/plain; charset=utf-8' },
        body: `Redirecting to ${redirect}`,
      };
    }
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state']
      .map((n) => `<input type="hidden" name="${n}" value="${esc(p(n))}">`)
      .join('');
    const options = locations
      .map(
        (l, i) =>
          `<label><input type="radio" name="locationId" value="${esc(l.id)}"${i === 0 ? ' checked' : ''}> ${esc(l.name)} <small>${esc(l.city)}, ${esc(l.state)} · ${esc(l.id)}</small></label>`,
      )
      .join('<br>');
    const company = this.store.companies.get(locations[0]?.companyId ?? '');
    const agencyOption = company
      ? `<br><label><input type="radio" name="locationId" value="${AGENCY_CHOICE}"> The whole agency: ${esc(company.name)} <small>every sub-account the app is installed in</small></label>`
      : '';
    const scopes = p('scope')
      .split(/\s+/)
      .filter(Boolean)
      .map((s) => `<li><code>${esc(s)}</code></li>`)
      .join('');
    return html(
      200,
      'Choose a sub-account',
      `<p>The app <code>${esc(clientId)}</code> asks for access to one sub-account.</p>
<form method="post" action="/v2/oauth/chooselocation">${hidden}
<fieldset><legend>Sub-account</legend>${options}${agencyOption}</fieldset>
<p>Permissions requested:</p><ul>${scopes || '<li>(none)</li>'}</ul>
<button type="submit" id="allow">Allow &amp; continue</button>
</form>`,
    );
  }

  // ------------------------------------------------------------------------------------ the token endpoint

  /** POST /oauth/token with a parsed form body; returns the JSON reply. */
  tokenEndpoint(form: Record<string, string>): { status: number; body: Record<string, unknown> } {
    const fail = (status: number, error: string, message: string) => ({
      status,
      body: { statusCode: status, error, message, error_description: message },
    });
    if (form.client_id !== this.config.clientId || form.client_secret !== this.config.clientSecret)
      return fail(401, 'invalid_client', 'Invalid client: client is invalid');
    const now = this.store.now();
    const userType = form.user_type === 'Company' ? 'Company' : 'Location';

    if (form.grant_type === 'authorization_code') {
      const code = form.code ? this.store.codes.get(form.code) : undefined;
      if (!code || code.used || code.clientId !== form.client_id)
        return fail(400, 'invalid_grant', 'Invalid grant: authorization code is invalid');
      if (code.expiresAt <= now) return fail(400, 'invalid_grant', 'Invalid grant: authorization code has expired');
      if (form.redirect_uri && code.redirectUri && form.redirect_uri !== code.redirectUri)
        return fail(400, 'invalid_grant', 'Invalid grant: `redirect_uri` is invalid');
      code.used = true;
      const body = this.issue({
        userType: code.userType ?? userType,
        clientId: code.clientId,
        locationId: code.locationId,
        companyId: code.companyId,
        userId: code.userId,
        scopes: code.scopes,
      });
      return { status: 200, body };
    }

    if (form.grant_type === 'refresh_token') {
      const refresh = form.refresh_token ? this.store.refreshTokens.get(form.refresh_token) : undefined;
      if (!refresh || refresh.used || refresh.clientId !== form.client_id)
        return fail(400, 'invalid_grant', 'Invalid grant: refresh token is invalid');
      if (refresh.locationId && !this.store.locations.get(refresh.locationId)?.location.active)
        return fail(400, 'invalid_grant', 'Location is not active');
      refresh.used = true;
      const { token: _t, used: _u, ...grant } = refresh;
      return { status: 200, body: this.issue(grant) };
    }

    return fail(400, 'unsupported_grant_type', 'Unsupported grant type: `grant_type` is invalid');
  }
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, inner: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · HighLevel sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
fieldset{border:1px solid #d1d5db;border-radius:.5rem;padding:1rem}label{line-height:2}small{color:#6b7280}
button{background:#155eef;color:#fff;border:0;border-radius:.4rem;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}</style>
</head><body><h1>${esc(title)}</h1>${inner}<p><small>Local HighLevel sandbox — not the real marketplace.</small></p></body></html>`;
}
