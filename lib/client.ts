/**
 * The one way this app talks to HighLevel: `beforeRequest` adds the bearer token and the `Version` header the
 * vendor spec declares for the endpoint, `afterResponse` turns every error status into a Zapier error a user can
 * act on (see errors.ts), and `ghl()` is the request helper every operation calls.
 */
import type {
  AfterResponseMiddleware,
  BeforeRequestMiddleware,
  Bundle,
  HttpRequestOptions,
  HttpResponse,
  ZObject,
} from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { apiBaseUrl, requestTimeoutMs, versionFor } from './config.js';
import { isNotFound, networkError, toZapierError, unexpectedBody } from './errors.js';

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

/** The text with any lone surrogate (text cut in the middle of an emoji) replaced by U+FFFD (Node 20+; ES2024). */
const wellFormed = (v: unknown): string => (String(v) as string & { toWellFormed(): string }).toWellFormed();

/**
 * Encodes each interpolated value as one path segment: ghlPath`/contacts/${id}/tasks`. A lone surrogate (text cut
 * in the middle of an emoji) becomes U+FFFD instead of making encodeURIComponent throw a URIError.
 */
export function ghlPath(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? segment(values[i]) : ''), '');
}

/** One path segment. "." and ".." would move the request to another endpoint (/contacts/../x is /x): refused. */
function segment(value: unknown): string {
  const text = wellFormed(value);
  if (text === '.' || text === '..') {
    throw new errors.Error(
      `"${text}" is not an ID. Pick the record from the dropdown or map its ID from an earlier step.`,
      'invalid_input',
      400,
    );
  }
  return encodeURIComponent(text);
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
  // A success whose body is not a JSON object or array (an HTML page from a proxy, a cut-off or `null` body) would
  // otherwise surface as a TypeError in the operation; an empty body stays `undefined` (nothing to read).
  const data = response.data as unknown;
  const empty = data === undefined && !String(response.content ?? '').trim();
  if (response.status < 300 && !empty && (data === null || typeof data !== 'object'))
    throw unexpectedBody({ method: req.method, path: req.path }, response.status, z);
  return data as T;
}

/**
 * One HighLevel request for a record that may not exist: the parsed body, or undefined when HighLevel answers
 * "not found" (404, or 400 "… not found"). Get-by-id searches turn that into "no result"; every other error throws.
 */
export async function ghlOrNone<T = any>(z: ZObject, req: GhlRequest): Promise<T | undefined> {
  const response = await ghlResponse(z, { ...req, skipThrowForStatus: true });
  if (response.status < 400) return response.data as T;
  if (isNotFound(response)) return undefined;
  throw toZapierError(response, z);
}

/** Same, but resolves to the whole response (status, headers) — for callers that passed skipThrowForStatus. */
export async function ghlResponse(z: ZObject, req: GhlRequest): Promise<HttpResponse> {
  const params: Record<string, string> = {};
  // Well-formed text only: a lone surrogate would make the query encoding throw a URIError.
  for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined && v !== '') params[wellFormed(k)] = wellFormed(v);
  const options: HttpRequestOptions & { url: string } = {
    url: apiBaseUrl() + req.path,
    method: req.method ?? 'GET',
    params,
    skipThrowForStatus: req.skipThrowForStatus,
    timeout: requestTimeoutMs(),
  };
  options.headers = req.version ? { Version: req.version } : {};
  if (req.body !== undefined) {
    options.body = req.body as any;
    options.headers['Content-Type'] = 'application/json';
  }
  try {
    return await z.request(options);
  } catch (error) {
    // No answer at all (timeout, reset connection): a clear message, never node-fetch's raw error; no retry here.
    throw networkError(error, { method: options.method, path: req.path }, z) ?? error;
  }
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
