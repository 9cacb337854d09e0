/**
 * Make an API Request — one authenticated call to any HighLevel API v2 endpoint, for what the other steps do not
 * cover. It goes through `ghlResponse()` like every other step, so the bearer token, the `Version` header and the
 * error messages are the same; the user cannot set headers (so cannot replace the Authorization header) and can
 * only reach the HighLevel API host, so the connection's token is never sent anywhere else.
 */
import { defineCreate, type CreatePerform, type PlainInputField, type ZObject } from 'zapier-platform-core';
import { ghlResponse, locationId } from '../lib/client.js';
import { apiBaseUrl, SCOPES } from '../lib/config.js';
import { inputError } from '../lib/errors.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/** Written where the connected sub-account's ID belongs, so one Zap (template) works in every sub-account. */
const LOCATION_PLACEHOLDER = '{locationId}';

const inputFields: PlainInputField[] = [
  {
    key: 'method',
    label: 'HTTP Method',
    type: 'string',
    required: true,
    choices: METHODS.map((m) => ({ value: m, label: m, sample: m })),
    default: 'GET',
    helpText: "The HTTP method the endpoint uses, as shown in [HighLevel's API documentation](https://marketplace.gohighlevel.com/docs/).",
  },
  {
    key: 'path',
    label: 'Path',
    type: 'string',
    required: true,
    helpText:
      "The endpoint path from [HighLevel's API documentation](https://marketplace.gohighlevel.com/docs/), starting with `/`, " +
      'e.g. `/contacts/abc123/notes` or `/locations/{locationId}/customValues`. Write `{locationId}` where the connected ' +
      "sub-account's ID belongs (here, in Query String Parameters and in the body) so the Zap works in any sub-account. " +
      "Only HighLevel's API host is allowed.",
  },
  {
    key: 'query',
    label: 'Query String Parameters',
    dict: true,
    required: false,
    helpText: 'Optional. Parameters added to the URL after `?`, e.g. `locationId` = `{locationId}` and `limit` = `20`.',
  },
  {
    key: 'version',
    label: 'API Version',
    type: 'string',
    required: false,
    helpText:
      'Optional. The `Version` header HighLevel wants for this endpoint. Leave empty to send `2021-04-15` for `/calendars` and ' +
      '`2021-07-28` for everything else; some endpoint families document another value on their page.',
  },
  {
    key: 'body',
    label: 'Body (JSON)',
    type: 'text',
    required: false,
    helpText:
      'Optional. The request body as JSON, e.g. `{"name": "VIP", "locationId": "{locationId}"}`. Leave empty for GET. ' +
      'For POST, PUT and PATCH an empty body sends `{}`.',
  },
];

/** The API path (and any query in it) of the Path input; rejects other hosts and unfilled placeholders. */
export function parsePath(raw: unknown): { path: string; query: Record<string, string> } {
  let text = String(raw ?? '').trim();
  if (!text) throw inputError('Path', 'is empty: enter an endpoint path such as /contacts/abc123.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) {
    // A full URL is fine only on the API host (e.g. pasted from the docs); the token must never go elsewhere.
    const base = apiBaseUrl();
    let url: URL;
    try {
      url = new URL(text.startsWith('//') ? `https:${text}` : text);
    } catch {
      throw inputError('Path', `must be a path such as /contacts/abc123 — got "${text.slice(0, 80)}".`);
    }
    if (!(url.origin + url.pathname).startsWith(base + '/')) {
      throw inputError(
        'Path',
        `must be a path on the HighLevel API (${new URL(base).host}), such as /contacts/abc123. ` +
          `This step sends your HighLevel credentials only to HighLevel, not to ${url.host}.`,
      );
    }
    text = url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length) + url.search;
  }
  if (!text.startsWith('/')) throw inputError('Path', `must start with "/", such as /contacts/abc123 — got "${text.slice(0, 80)}".`);
  const url = new URL(text, 'https://api.invalid');
  if (url.host !== 'api.invalid') throw inputError('Path', 'must be a path on the HighLevel API, such as /contacts/abc123.');
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    throw inputError('Path', `has a broken %-escape: "${text.slice(0, 80)}".`);
  }
  const placeholder = decoded.match(/\{(?!locationId\})[^}]*\}|:[A-Za-z]+Id\b/);
  if (placeholder) {
    throw inputError(
      'Path',
      `still contains the placeholder ${placeholder[0]} from the documentation: replace it with a real value (map it from an earlier step).`,
    );
  }
  if (/^\/oauth(\/|$)/i.test(url.pathname)) {
    throw inputError('Path', "cannot be an /oauth endpoint: Zapier manages this connection's tokens itself.");
  }
  return {
    path: url.pathname.replaceAll(encodeURIComponent(LOCATION_PLACEHOLDER), LOCATION_PLACEHOLDER),
    query: Object.fromEntries(url.searchParams),
  };
}

/** The Body input as JSON (any JSON value); `undefined` when empty. */
export function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object') return raw; // already structured (e.g. mapped from a code step)
  const text = String(raw).trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw inputError(
      'Body (JSON)',
      `must be valid JSON, such as {"name": "VIP"} — ${(e as Error).message}. Check quotes (use "double quotes") and commas.`,
    );
  }
}

/** Replaces every `{locationId}` in strings (recursively) with the connected sub-account's ID. */
function fillLocation<T>(value: T, id: () => string): T {
  if (typeof value === 'string') return (value.includes(LOCATION_PLACEHOLDER) ? value.replaceAll(LOCATION_PLACEHOLDER, id()) : value) as T;
  if (Array.isArray(value)) return value.map((v) => fillLocation(v, id)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillLocation(v, id)])) as T;
  return value;
}

/**
 * A scope error here means the ENDPOINT needs a permission this app never asks for, so "reconnect" (the message
 * every other step gives, as an expired-auth error that pauses all the user's Zaps) would not help: make it an
 * ordinary step error instead.
 */
function scopeError(z: ZObject, error: unknown, path: string): Error | undefined {
  const e = error as Error;
  if (e?.name !== 'ExpiredAuthError' || !/not authorized for this scope/i.test(e.message)) return undefined;
  return new z.errors.Error(
    `HighLevel refused ${path}: this connection does not include the permission (scope) that endpoint needs. ` +
      `A HighLevel connection in Zapier has these permissions: ${SCOPES.join(', ')}. Endpoints that need others cannot be called from Zapier.`,
    'missing_scope',
    401,
  );
}

const perform = (async (z, bundle) => {
  const input = bundle.inputData as Record<string, unknown>;
  const method = String(input.method ?? 'GET')
    .trim()
    .toUpperCase() as Method;
  if (!METHODS.includes(method)) throw inputError('HTTP Method', `must be one of ${METHODS.join(', ')} — got "${String(input.method)}".`);
  const parsed = parsePath(input.path);
  const query: Record<string, string> = { ...parsed.query };
  if (input.query !== undefined && input.query !== null && (typeof input.query !== 'object' || Array.isArray(input.query))) {
    // A dict field arrives as an object; anything else would be split into one parameter per character.
    throw inputError(
      'Query String Parameters',
      `must be name/value pairs (one parameter per row), such as limit = 20 — got "${String(input.query).slice(0, 60)}".`,
    );
  }
  for (const [k, v] of Object.entries((input.query as Record<string, unknown> | undefined) ?? {})) {
    if (k.trim()) query[k.trim()] = String(v);
  }
  let body = parseBody(input.body);
  if (body !== undefined && method === 'GET')
    throw inputError(
      'Body (JSON)',
      'must be empty for a GET request (GET sends no body). Choose POST, PUT, PATCH or DELETE, or move the values to Query String Parameters.',
    );
  if (body === undefined && (method === 'POST' || method === 'PUT' || method === 'PATCH')) body = {};

  const version = typeof input.version === 'string' && input.version.trim() ? input.version.trim() : undefined;
  // A header value: a line break or another control character would be refused by Node (a TypeError) — or worse.
  if (version !== undefined && !/^[\w.-]{1,40}$/.test(version))
    throw inputError('API Version', `must be a version such as 2021-07-28 — got "${version.slice(0, 40)}".`);

  const id = () => locationId(bundle); // only asked for when a placeholder needs it
  const path = fillLocation(parsed.path, () => encodeURIComponent(id()));
  let response;
  try {
    response = await ghlResponse(z, { method, path, params: fillLocation(query, id), body: fillLocation(body, id), version });
  } catch (error) {
    throw scopeError(z, error, `${method} ${path}`) ?? error;
  }
  const content = typeof response.content === 'string' ? response.content : '';
  const data = response.data !== undefined ? response.data : content.trim() ? content : null;
  return { status: response.status, data };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'api_request' as const,
  noun: 'API Request',
  display: {
    label: 'Make an API Request',
    description:
      'Sends an authenticated request to any HighLevel API endpoint of the connected sub-account, for what the other actions do not cover.',
  },
  operation: {
    inputFields,
    perform,
    sample: {
      status: 200,
      data: {
        contact: {
          id: 'sx6wyHhbFdRXh302LLNR',
          locationId: 've9EPM428h8vShlRW1KT',
          firstName: 'Maria',
          lastName: 'Lopez',
          email: 'maria@acme.example',
          tags: ['customer', 'vip'],
          dateAdded: '2026-11-20T15:04:05.000Z',
        },
      },
    },
    outputFields: [
      { key: 'status', label: 'HTTP Status', type: 'integer' },
      { key: 'data', label: 'Response Data' },
    ],
  },
});
