/**
 * The one way this app talks to HighLevel: `beforeRequest` adds the bearer token and the `Version` header the
 * vendor spec declares for the endpoint, `afterResponse` turns every error status into a Zapier error a user can
 * act on (see errors.ts), and `ghl()` is the request helper every operation calls.
 */
import type { AfterResponseMiddleware, BeforeRequestMiddleware, Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { apiBaseUrl, versionFor } from './config.js';
import { toZapierError } from './errors.js';

/** The API path of a URL on the HighLevel host, or undefined for any other host. */
export function apiPathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const base = apiBaseUrl();
  if (!url.startsWith(base + '/')) return undefined;
  return new URL(url).pathname.slice(new URL(base).pathname.replace(/\/$/, '').length) || '/';
}

export const addHighLevelHeaders: BeforeRequestMiddleware = (request, _z, bundle) => {
  const path = apiPathOf(request.url);
  if (path === undefined) return request;
  request.headers = { Accept: 'application/json', ...request.headers };
  const version = versionFor(path);
  if (version && !request.headers.Version) request.headers.Version = version; // a caller's own Version wins
  const token = bundle.authData?.access_token;
  if (token && path !== '/oauth/token' && !request.headers.Authorization) request.headers.Authorization = `Bearer ${token}`;
  return request;
};

export const handleHighLevelErrors: AfterResponseMiddleware = (response, z) => {
  const path = apiPathOf(response.request?.url);
  // Token endpoint answers are authentication.ts's to read: a 401 there must never ask for yet another refresh.
  if (path === undefined || path === '/oauth/token' || response.status < 400) return response;
  // An expired token or a rate limit is never the caller's to handle; other errors are, when it asked to.
  if (response.skipThrowForStatus && response.status !== 401 && response.status !== 429) return response;
  throw toZapierError(response, z);
};

/** Encodes each interpolated value as one path segment: ghlPath`/contacts/${id}/tasks`. */
export function ghlPath(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

export interface GhlRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** API path, e.g. ghlPath`/contacts/${id}` */
  path: string;
  params?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  skipThrowForStatus?: boolean;
  /** Overrides the spec's `Version` (only Make an API Request needs it, for endpoint families outside our specs). */
  version?: string;
}

/** One HighLevel request; resolves to the parsed JSON body. */
export async function ghl<T = any>(z: ZObject, req: GhlRequest): Promise<T> {
  const response = await ghlResponse(z, req);
  return response.data as T;
}

/** Same, but resolves to the whole response (status, headers) — for callers that passed skipThrowForStatus. */
export async function ghlResponse(z: ZObject, req: GhlRequest): Promise<HttpResponse> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined && v !== '') params[k] = String(v);
  const options: HttpRequestOptions & { url: string } = {
    url: apiBaseUrl() + req.path,
    method: req.method ?? 'GET',
    params,
    skipThrowForStatus: req.skipThrowForStatus,
  };
  options.headers = req.version ? { Version: req.version } : {};
  if (req.body !== undefined) {
    options.body = req.body as any;
    options.headers['Content-Type'] = 'application/json';
  }
  return z.request(options);
}

/**
 * The connected sub-account. Every location-scoped call needs it; a connection without one was made with an
 * agency (Company) token, which cannot call sub-account endpoints.
 */
export function locationId(bundle: Bundle): string {
  const id = bundle.authData?.locationId;
  if (!id) {
    throw new errors.ExpiredAuthError(
      'This HighLevel connection is not tied to a sub-account (it was made at the agency level). ' +
        'Reconnect HighLevel in Zapier and choose a sub-account (location) on the consent screen.',
    );
  }
  return String(id);
}
