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
import { stringify } from 'node:querystring';
import { errors } from 'zapier-platform-core';
import { apiBaseUrl, requestTimeoutMs, versionFor } from './config.js';
import { isNotFound, networkError, toZapierError, unexpectedBody } from './errors.js';
import {
  LocationTokenNeeded,
  LocationTokenRefused,
  cachedLocationToken,
  dropMinted,
  isAgency,
  isMinted,
  mintLocationToken,
  subAccountOf,
} from './agency.js';

/** The API path of a URL on the HighLevel host, or undefined for any other host. */
export function apiPathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const base = apiBaseUrl();
  if (!url.startsWith(base + '/')) return undefined;
  return new URL(url).pathname.slice(new URL(base).pathname.replace(/\/$/, '').length) || '/';
}

/**
 * Core's request merge (which ghlResponse skips, see there) gave each request a deep copy of the invocation's input,
 * so what core notes per request ("Starting GET request to …", "Received content …": response text that may echo a
 * token) went into that copy, never into the "What happened" trail core appends to auth errors. Kept so: the request
 * gets its own copy of the trail, and the line core's prepare-request just added to the shared one moves into it.
 */
function ownTrail(request: { method?: string; url?: string; input?: any }): void {
  const zapier = request.input?._zapier;
  const trail: unknown = zapier?.whatHappened;
  if (!Array.isArray(trail)) return;
  const copy = [...trail];
  if (trail.at(-1) === `Starting ${request.method} request to ${request.url}`) trail.pop();
  request.input = { ...request.input, _zapier: { ...zapier, whatHappened: copy } };
}

/**
 * Bearer token and Version header. On an agency connection every call outside /oauth/ goes with the location token
 * of the step's sub-account (minted or cached, see agency.ts); /oauth/ calls go with the Company token.
 */
export const addHighLevelHeaders: BeforeRequestMiddleware = async (request, z, bundle) => {
  if ((request as { merge?: boolean }).merge === false) ownTrail(request as Parameters<typeof ownTrail>[0]);
  const path = apiPathOf(request.url);
  if (path === undefined) return request;
  request.headers = { Accept: 'application/json', ...request.headers };
  const version = versionFor(path);
  if (version && !request.headers.Version) request.headers.Version = version; // a caller's own Version wins
  if (path === '/oauth/token' || request.headers.Authorization) return request;
  const token =
    isAgency(bundle) && !path.startsWith('/oauth/')
      ? await cachedLocationToken(z, bundle, subAccountOf(bundle)) // or LocationTokenNeeded: ghlResponse mints
      : bundle.authData?.access_token;
  if (token) request.headers.Authorization = `Bearer ${token}`;
  return request;
};

export const handleHighLevelErrors: AfterResponseMiddleware = async (response, z) => {
  const path = apiPathOf(response.request?.url);
  // Token endpoint answers are authentication.ts's to read: a 401 there must never ask for yet another refresh.
  if (path === undefined || path === '/oauth/token' || response.status < 400) return response;
  // A minted location token HighLevel no longer takes: forget it; ghlResponse mints once more and retries once.
  const sent = String((response.request?.headers as Record<string, unknown>)?.Authorization ?? '').replace(/^Bearer\s+/i, '');
  if (response.status === 401 && sent && isMinted(sent)) {
    await dropMinted(z, sent);
    throw new LocationTokenRefused(toZapierError(response, z));
  }
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
  // The query and an object body are encoded here, as core would (querystring, JSON.stringify): core blanks every
  // {{…}} in params and in an object body's top-level strings, so a note using HighLevel's merge fields
  // ({{contact.first_name}}) would lose them; a string it sends as it is.
  const query = stringify(params);
  const options: HttpRequestOptions & { url: string } = {
    url: apiBaseUrl() + req.path + (query ? `?${query}` : ''),
    method: req.method ?? 'GET',
    skipThrowForStatus: req.skipThrowForStatus,
    timeout: requestTimeoutMs(),
  };
  options.headers = req.version ? { Version: req.version } : {};
  if (req.body !== undefined) {
    options.body = (req.body !== null && typeof req.body === 'object' ? JSON.stringify(req.body) : req.body) as any;
    options.headers['Content-Type'] = 'application/json';
  }
  // Core would merge every request with the app's requestTemplate (lodash _.merge in prepare-request.js), deep-copying
  // the request's `input` — which carries the whole compiled app — on every call (~2–3 ms). This app has no
  // requestTemplate, so the merge only adds core's `user-agent: Zapier`: sent here, the merge skipped, the request
  // byte-identical on the wire (test/request-merge.support.ts checks every operation's requests both ways).
  options.headers['user-agent'] = 'Zapier';
  (options as { merge?: boolean }).merge = false;
  // On an agency connection: mint a location token when none is cached, and once more after HighLevel refused one.
  for (let refused = 0; ;) {
    try {
      return await z.request(options);
    } catch (error) {
      if (error instanceof LocationTokenNeeded) {
        options.headers.Authorization = `Bearer ${await mintLocationToken(z, error)}`;
        continue;
      }
      if (error instanceof LocationTokenRefused) {
        if (refused++) throw error.refusal;
        delete options.headers.Authorization;
        continue;
      }
      // No answer at all (timeout, reset connection): a clear message, never node-fetch's raw error; no retry here.
      throw networkError(error, { method: options.method, path: req.path }, z) ?? error;
    }
  }
}

/**
 * The sub-account of this step: the connected one, or on an agency connection the one picked in the Sub-Account
 * field. A connection with neither was made with an agency token before agency connections were supported.
 */
export function locationId(bundle: Bundle): string {
  if (isAgency(bundle)) return subAccountOf(bundle);
  const id = bundle.authData?.locationId;
  if (!id) {
    throw new errors.ExpiredAuthError(
      'This HighLevel connection is not tied to a sub-account (it was made at the agency level). ' +
        'Reconnect HighLevel in Zapier and choose a sub-account (location) on the consent screen.',
    );
  }
  return String(id);
}
