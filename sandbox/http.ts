/** HTTP vocabulary shared by the sandbox's resource files: errors as HighLevel shapes them, handler types, dates. */
import type { AccessToken, LocationData, Store } from './store.ts';

/** An error answer: `{ statusCode, message, ...extra }` (HighLevel's NestJS shape). */
export class ApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, message: string | string[], extra: Record<string, unknown> = {}) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.status = status;
    this.body = { statusCode: status, message, ...extra };
  }
}

export const badRequest = (message: string, extra: Record<string, unknown> = {}) => new ApiError(400, message, extra);
export const unprocessable = (messages: string[]) => new ApiError(422, messages, { error: 'Unprocessable Entity' });
/** HighLevel's answer for an unknown contact id: 400, not 404. */
export const contactNotFound = (id: string) => badRequest(`Contact with id ${id} not found`);
export const FORBIDDEN_LOCATION = 'The token does not have access to this location.';

export interface Reply {
  status: number;
  body: unknown;
}

export interface Ctx {
  store: Store;
  token: AccessToken;
  /** the token's location (undefined for an agency token) */
  loc: LocationData | undefined;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: any;
}

export type Handler = (ctx: Ctx) => Reply;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** The token's location, or the agency-token error. */
export function locOf(ctx: Ctx): LocationData {
  if (!ctx.loc) throw new ApiError(401, "Token's user type mismatch");
  return ctx.loc;
}

/** A location id named by the request must be the token's location. */
export function sameLocation(ctx: Ctx, locationId: unknown): LocationData {
  const loc = locOf(ctx);
  if (locationId !== undefined && locationId !== loc.location.id) throw new ApiError(403, FORBIDDEN_LOCATION);
  return loc;
}

export function queryString(ctx: Ctx, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}

// -------------------------------------------------------------------------------------------------- dates

export const iso = (ms: number): string => new Date(ms).toISOString();

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** `2026-11-20T09:00:00-06:00`: the instant in the location's time zone, as HighLevel's calendar API writes it. */
export function isoInZone(ms: number, timeZone: string): string {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** `2026-11-20 15:00:00` (UTC): the non-ISO form of GET /contacts/{id}/appointments. */
export const plainUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** ms from an ISO string, a YYYY-MM-DD date, or epoch ms (number or numeric string); undefined if none. */
export function toMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const text = value.trim();
  if (/^\d{10,}$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

// ---------------------------------------------------------------------------------------- spec problems

/**
 * The spec check's findings (strings from openapi.ts) as HighLevel would word them: a header problem is a
 * 400 about the Version header, everything else a 422 with class-validator style messages.
 */
export function specProblemsToError(errors: string[], versions: string[]): ApiError | undefined {
  const relevant = errors.filter((e) => !e.startsWith('/path must NOT have additional properties')); // spec omits a path param
  if (!relevant.length) return undefined;
  if (relevant.some((e) => e.startsWith('/header'))) {
    const expected = versions.length ? versions.map((v) => `"${v}"`).join(' or ') : 'a supported version';
    return new ApiError(400, `Version header is missing or not supported for this endpoint: send Version: ${expected}`, {
      error: 'Bad Request',
    });
  }
  const messages: string[] = [];
  for (const line of relevant) {
    const m = /^(\S+) (.*)$/.exec(line);
    if (!m) continue;
    const path = m[1]!
      .replace(/^\/(requestBody|query)/, '')
      .replace(/^\//, '')
      .split('/')
      .filter(Boolean)
      .join('.');
    const text = m[2]!;
    const prefix = path ? `${path}.` : '';
    let out: string | undefined;
    let x: RegExpExecArray | null;
    if ((x = /^must NOT have additional properties: (.+)$/.exec(text))) out = `${prefix}property ${x[1]} should not exist`;
    else if ((x = /^must have required property '(.+)'$/.exec(text))) out = `${prefix}${x[1]} should not be empty`;
    else if ((x = /^must be (string|number|integer|boolean|array|object)/.exec(text)))
      out = `${path || 'body'} must be ${x[1] === 'array' || x[1] === 'object' || x[1] === 'integer' ? 'an' : 'a'} ${x[1]}${x[1] === 'boolean' ? ' value' : ''}`;
    else if (/must be equal to one of the allowed values/.test(text)) out = `${path} must be one of the allowed values`;
    else if ((x = /^must NOT have more than (\d+) characters$/.exec(text)))
      out = `${path} must be shorter than or equal to ${x[1]} characters`;
    else if (/must match a schema in anyOf|must match exactly one schema/.test(text)) continue;
    else if (text === 'must NOT be valid' && path === '') out = 'page and searchAfter cannot be used together';
    else out = `${path || 'body'} ${text}`;
    if (m[1] === '(root)' && /requestBody/.test(text)) out = 'request body should not be empty';
    if (!messages.includes(out)) messages.push(out);
  }
  // A too-long value fails every branch of an anyOf (search filter or group; text, list or range): name only the length.
  const tooLong = messages.filter((text) => /must be shorter than or equal to/.test(text));
  if (tooLong.length) return unprocessable(tooLong);
  return unprocessable(messages.length ? messages : ['request is invalid']);
}
