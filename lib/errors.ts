/**
 * HighLevel error responses → Zapier errors a no-code user can act on. Messages never echo request headers or
 * bodies, so no token can leak into them; HighLevel's `traceId` is kept for support tickets. The statuses and
 * messages HighLevel answers with: docs/HIGHLEVEL.md, "Errors and limits".
 */
import type { HttpResponse, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';

/** Collection segment of a HighLevel path → the record kind a user knows. */
const KINDS: Record<string, string> = {
  contacts: 'contact',
  tasks: 'task',
  notes: 'note',
  appointments: 'appointment',
  events: 'appointment',
  calendars: 'calendar',
  users: 'user',
  locations: 'sub-account',
  campaigns: 'campaign',
  campaign: 'campaign',
  workflow: 'workflow',
  workflows: 'workflow',
  customFields: 'custom field',
  tags: 'tag',
  business: 'business',
};

/** The innermost `/collection/{id}` of a path, e.g. `/contacts/a/tasks/b` → task "b". */
export function recordOf(path: string): { kind: string; id: string } | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (let i = parts.length - 1; i > 0; i--) {
    const kind = KINDS[parts[i - 1]!];
    const id = parts[i]!;
    if (kind && !KINDS[id] && !['search', 'completed', 'duplicate', 'upsert'].includes(id)) return { kind, id };
  }
  return undefined;
}

type Body = { message?: unknown; error?: unknown; msg?: unknown; meta?: Record<string, unknown>; traceId?: string } | undefined;

const bodyOf = (response: HttpResponse): Body => {
  const data = response.data as unknown;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Body) : undefined;
};

/**
 * The secrets a request carried — its bearer token, the token request's form values (refresh token, code, client
 * secret) and the app's client secret — so that no text a server echoes back repeats them in a message.
 */
function secretsOf(response: HttpResponse): string[] {
  const out: string[] = [];
  const headers = (response.request?.headers ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') out.push(value, value.replace(/^Bearer\s+/i, ''));
  }
  const body = response.request?.body;
  if (typeof body === 'string' && /(^|&)[\w.-]+=/.test(body)) {
    for (const [name, value] of new URLSearchParams(body)) if (/token|secret|code|password/i.test(name)) out.push(value);
  }
  if (process.env.CLIENT_SECRET) out.push(process.env.CLIENT_SECRET);
  return out.filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
}

const redact = (text: string, secrets: string[]) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

/**
 * HighLevel's `message` is a string or a string[] (422); `error`/`msg` on some endpoints. Whatever the server
 * echoes, the request's own secrets come back as "[redacted]".
 */
export function messagesOf(response: HttpResponse): string[] {
  const body = bodyOf(response);
  const raw = body?.message ?? body?.msg ?? body?.error;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const secrets = secretsOf(response);
  return list.map((m) => redact(typeof m === 'string' ? m : JSON.stringify(m), secrets)).filter(Boolean);
}

/**
 * Is this error response HighLevel's way of saying "no such record"? A 404, or a 400 whose message says so
 * ("Contact with id X not found", "Appointment does not exist"): HighLevel answers unknown ids both ways.
 */
export const isNotFound = (response: HttpResponse): boolean =>
  response.status === 404 ||
  (response.status === 400 && /not ?found|no .*appointment|does not exist/i.test(messagesOf(response).join(' ')));

const traceOf = (response: HttpResponse): string => {
  const trace = bodyOf(response)?.traceId ?? response.headers?.get?.('traceid') ?? response.headers?.get?.('x-trace-id');
  return trace ? ` (HighLevel trace id: ${trace})` : '';
};

const pathOf = (response: HttpResponse): string => {
  try {
    return new URL(response.request.url ?? '').pathname;
  } catch {
    return '';
  }
};

/** Seconds to wait after a 429: Retry-After, else the burst window HighLevel reports, else its 10 s default. */
export function throttleDelay(response: HttpResponse): { seconds: number; daily: boolean } {
  const header = (name: string) => response.headers?.get?.(name) ?? undefined;
  const daily = header('x-ratelimit-daily-remaining') === '0';
  const retryAfter = Number.parseInt(header('retry-after') ?? '', 10);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return { seconds: retryAfter, daily };
  if (daily) return { seconds: 3600, daily };
  const windowMs = Number.parseInt(header('x-ratelimit-interval-milliseconds') ?? '', 10);
  return { seconds: Number.isFinite(windowMs) && windowMs > 0 ? Math.ceil(windowMs / 1000) : 10, daily };
}

const isScopeError = (text: string) => /not authorized for this scope/i.test(text);
const isUserTypeError = (text: string) => /user type mismatch/i.test(text);

/** The field a step shows for each kind of record; a step that labels its field otherwise passes its own (`fields`). */
const FIELDS: Record<string, string> = { contact: 'Contact', task: 'Task', note: 'Note', appointment: 'Appointment', calendar: 'Calendar' };

/** Where a request carries the id of each kind of record outside its path (create bodies, window queries). */
const ID_KEYS: Record<string, string[]> = {
  calendar: ['calendarId'],
  contact: ['contactId'],
  appointment: ['appointmentId', 'eventId'],
  user: ['assignedUserId', 'userId', 'assignedTo'],
};

/** "Calendar not found", "Contact with id X not found", "Event does not exist": the kind HighLevel names, and the id if it says. */
const SAID_MISSING =
  /\b(contact|calendar|appointment|event|task|note|user|campaign|workflow|business)s?\b(?: with id "?([^\s"]+?)"?)? (?:is )?(?:not found|does not exist)/i;

/** An id of that kind in the request's JSON body or query (`calendarId` of a booking, of an events window). */
function idInRequest(response: HttpResponse, kind: string): string | undefined {
  const keys = ID_KEYS[kind] ?? [];
  let body: unknown = response.request?.body;
  try {
    if (typeof body === 'string') body = JSON.parse(body);
  } catch {
    body = undefined;
  }
  let query: URLSearchParams | undefined;
  try {
    query = new URL(response.request?.url ?? '').searchParams;
  } catch {
    query = undefined;
  }
  for (const key of keys) {
    const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
    if (typeof fromBody === 'string' && fromBody) return fromBody;
    const fromQuery = query?.get(key);
    if (fromQuery) return fromQuery;
  }
  return undefined;
}

/**
 * The record a not-found answer is about: the kind HighLevel names in its message (a booking's "Calendar not found"
 * is about the calendar, not the appointment in the path), its id from the message, the path or the request;
 * without a kind in the message, the innermost record of the path.
 */
function missingRecord(said: string, path: string, response: HttpResponse): { kind: string; id?: string } | undefined {
  const inPath = recordOf(path);
  const named = SAID_MISSING.exec(said);
  if (!named) return inPath;
  const word = named[1]!.toLowerCase();
  const kind = KINDS[`${word}s`] ?? word;
  const id = named[2] ?? (inPath?.kind === kind ? inPath.id : undefined) ?? idInRequest(response, kind);
  return { kind, ...(id ? { id } : {}) };
}

/**
 * The Zapier error for a HighLevel error response (status ≥ 400). `fields` names the step's field for a kind of
 * record where the step labels it otherwise than `FIELDS` (e.g. `{ calendar: 'Move to Calendar' }`).
 */
export function toZapierError(response: HttpResponse, z?: ZObject, fields: Record<string, string> = {}): Error {
  const E = z?.errors ?? errors;
  const status = response.status;
  const messages = messagesOf(response);
  const said = messages.join('; ');
  const trace = traceOf(response);
  const path = pathOf(response);

  if (status === 401) {
    if (isScopeError(said)) {
      return new E.ExpiredAuthError(
        'Your HighLevel connection was made without a permission this step needs (HighLevel said: "The token is not authorized for this scope."). ' +
          'Reconnect HighLevel in Zapier and approve every permission on the consent screen; refreshing the old connection cannot add permissions.',
      );
    }
    if (isUserTypeError(said)) {
      return new E.ExpiredAuthError(
        'This HighLevel connection is for an agency, but this step works inside one sub-account. Reconnect HighLevel and choose a sub-account (location) on the consent screen.',
      );
    }
    // "Invalid JWT", "Invalid token: access token is invalid", expired tokens: Zapier refreshes and retries.
    return new E.RefreshAuthError('Your HighLevel access token has expired or is invalid; Zapier will refresh it and retry.');
  }

  if (status === 429) {
    const { seconds, daily } = throttleDelay(response);
    const what = daily
      ? "HighLevel's daily limit of API requests for this sub-account is used up"
      : 'HighLevel is rate limiting this sub-account (100 requests per 10 seconds)';
    return new E.ThrottledError(`${what}; Zapier will retry in ${seconds} seconds.`, seconds);
  }

  if (status === 403) {
    const detail = said ? ` HighLevel said: "${said}".` : '';
    return new E.Error(
      `HighLevel refused access to this record: the connected account cannot reach it.${detail} ` +
        'Check that the record belongs to the sub-account this Zap is connected to, or reconnect HighLevel and choose that sub-account.',
      'forbidden',
      status,
    );
  }

  const missing =
    (status === 400 || status === 404) &&
    (status === 404 || /not ?found|does not exist/i.test(said)) &&
    missingRecord(said, path, response);
  if (missing) {
    const { kind, id } = missing;
    const field = fields[kind] ?? FIELDS[kind];
    return new E.Error(
      `HighLevel has no ${kind}${id ? ` with ID "${id}"` : ''} in this sub-account${said ? ` (HighLevel said: "${said}")` : ''}. ` +
        (field
          ? `Check the "${field}" field of this step: pick the ${kind} from its dropdown or map its ID from an earlier step that returns it.`
          : `Check the ${kind} ID: pick it from the dropdown or map it from an earlier step that returns it.`) +
        trace,
      'not_found',
      status,
    );
  }

  const meta = bodyOf(response)?.meta;
  if (status === 400 && meta && typeof meta.contactId === 'string') {
    const matched = typeof meta.matchingField === 'string' ? ` with the same ${meta.matchingField}` : '';
    const name = typeof meta.contactName === 'string' && meta.contactName ? ` (${meta.contactName})` : '';
    return new E.Error(
      `HighLevel did not create the contact: this sub-account does not allow duplicate contacts, and contact ${meta.contactId}${name} already exists${matched}. ` +
        'Use "Create or Update Contact" to update that contact instead, or "Find Contact" to get its ID.',
      'duplicate_contact',
      status,
    );
  }

  if (status === 422 || status === 400) {
    const list = messages.length ? messages.map((m) => `- ${m}`).join('\n') : '- (no details given)';
    return new E.Error(
      `HighLevel rejected the request (${status}):\n${list}\nCheck the fields named above in this step.${trace}`,
      status === 422 ? 'invalid_input' : 'bad_request',
      status,
    );
  }

  if (status >= 500) {
    return new E.Error(
      `HighLevel had a server error (${status})${said ? `: "${said}"` : ''}. This is usually temporary: replay the Zap run in a few minutes` +
        (isWrite(response.request?.method, path)
          ? ` — but first check in HighLevel whether the change was made anyway, so it is not made twice. `
          : '. ') +
        `If it keeps failing, contact HighLevel support with the trace id.${trace}`,
      'server_error',
      status,
    );
  }

  return new E.Error(`HighLevel answered ${status}${said ? `: "${said}"` : ' with no explanation'}.${trace}`, 'http_error', status);
}

/** Can this request have changed something in HighLevel? (Searches are POSTs that change nothing.) */
const isWrite = (method: unknown, path: string) =>
  typeof method === 'string' && method.toUpperCase() !== 'GET' && !/\/search\/?$/.test(path);

/** Node/fetch error codes of a request that never got an answer. */
const NETWORK_REASONS: Record<string, string> = {
  ETIMEDOUT: 'the connection timed out',
  ESOCKETTIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ECONNREFUSED: 'the connection was refused',
  ECONNABORTED: 'the connection was aborted',
  EHOSTUNREACH: 'the host could not be reached',
  ENETUNREACH: 'the network could not be reached',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
};

/**
 * A request to HighLevel that got no answer (timeout, reset connection, DNS) → a Zapier error that says what
 * happened, instead of node-fetch's raw FetchError. A write may have reached HighLevel before the connection
 * failed, so its message says to check before replaying; nothing here retries. Undefined for any other error.
 */
export function networkError(error: unknown, request: { method?: string; path: string }, z?: ZObject): Error | undefined {
  const e = error as { name?: string; type?: string; code?: string; errno?: string; message?: string } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const code = String(e.code ?? e.errno ?? '');
  const timeout = e.type === 'request-timeout' || e.type === 'body-timeout';
  if (!timeout && !NETWORK_REASONS[code] && !(e.name === 'FetchError' && e.type === 'system')) return undefined;
  const E = z?.errors ?? errors;
  const method = (request.method ?? 'GET').toUpperCase();
  const why = timeout ? 'it did not answer in time' : (NETWORK_REASONS[code] ?? 'the connection failed') + (code ? ` (${code})` : '');
  const advice = isWrite(method, request.path)
    ? 'HighLevel may or may not have made the change: check in HighLevel before you replay this Zap run, so nothing is created twice.'
    : 'This is usually temporary: replay the Zap run in a few minutes.';
  return new E.Error(`HighLevel could not be reached for ${method} ${request.path}: ${why}. ${advice}`, 'network_error');
}

/** A success answer whose body is not the JSON HighLevel always sends (an HTML page from a proxy, a cut-off body). */
export function unexpectedBody(request: { method?: string; path: string }, status: number, z?: ZObject): Error {
  const E = z?.errors ?? errors;
  const method = (request.method ?? 'GET').toUpperCase();
  return new E.Error(
    `HighLevel answered ${method} ${request.path} (${status}) with something that is not JSON, so the result cannot be read. ` +
      (isWrite(method, request.path)
        ? 'The change may have been made: check in HighLevel before you replay this Zap run, so nothing is created twice.'
        : 'This is usually temporary: replay the Zap run in a few minutes.'),
    'unexpected_response',
    status,
  );
}

/**
 * A success answer without the record it should carry (`{ note }`, `{ task }`, `{ contact }`, an appointment): says so,
 * and where to look before running the step again (the write may have been made).
 */
export function missingFromAnswer(z: ZObject, what: string, noun: string, where: string): Error {
  return new z.errors.Error(
    `HighLevel answered the ${what} without the ${noun}. Check ${where} in HighLevel before running the step again.`,
    'unexpected_response',
    200,
  );
}

/** A Zap input that cannot be sent: names the field and the form it expects. Raised before any request. */
export function inputError(label: string, problem: string): Error {
  return new errors.Error(`The "${label}" field ${problem}`, 'invalid_input', 400);
}
