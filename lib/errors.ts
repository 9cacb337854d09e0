/**
 * HighLevel error responses → Zapier errors a no-code user can act on. Messages never echo request headers or
 * bodies, so no token can leak into them; HighLevel's `traceId` is kept for support tickets.
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

/** HighLevel's `message` is a string or a string[] (422); `error`/`msg` on some endpoints. */
export function messagesOf(response: HttpResponse): string[] {
  const body = bodyOf(response);
  const raw = body?.message ?? body?.msg ?? body?.error;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).filter(Boolean);
}

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

/** The Zapier error for a HighLevel error response (status ≥ 400). */
export function toZapierError(response: HttpResponse, z?: ZObject): Error {
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
      ? 'HighLevel\'s daily limit of API requests for this sub-account is used up'
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

  // HighLevel often names the missing record itself ("Contact with id X not found"), even on a nested path.
  const named = /\b([a-z]+) with id "?([^\s"]+?)"? not found/i.exec(said);
  const record = named ? { kind: named[1]!.toLowerCase(), id: named[2]! } : recordOf(path);
  const notFound = status === 404 || /not ?found/i.test(said);
  if ((status === 400 || status === 404) && notFound && record) {
    return new E.Error(
      `HighLevel has no ${record.kind} with ID "${record.id}" in this sub-account${said ? ` (HighLevel said: "${said}")` : ''}. ` +
        `Check the ${record.kind} ID: pick it from the dropdown or map it from an earlier step that returns it.${trace}`,
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
      `HighLevel had a server error (${status})${said ? `: "${said}"` : ''}. This is usually temporary: replay the Zap run in a few minutes. ` +
        `If it keeps failing, contact HighLevel support with the trace id.${trace}`,
      'server_error',
      status,
    );
  }

  return new E.Error(
    `HighLevel answered ${status}${said ? `: "${said}"` : ' with no explanation'}.${trace}`,
    'http_error',
    status,
  );
}

/** A Zap input that cannot be sent: names the field and the form it expects. Raised before any request. */
export function inputError(label: string, problem: string): Error {
  return new errors.Error(`The "${label}" field ${problem}`, 'invalid_input', 400);
}
