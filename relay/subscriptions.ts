/**
 * Zapier REST-hook subscriptions. Every customer of the integration shares RELAY_SECRET, so the secret only says
 * "this is our Zapier app"; the caller's HighLevel access token is what proves it may see the sub-account: the
 * relay asks HighLevel for GET /locations/{locationId} with it before storing anything, and keeps no token.
 */
import { timingSafeEqual } from 'node:crypto';
import { isLoopbackHost } from './config.ts';

export const EVENT_TYPES = [
  'ContactCreate',
  'ContactUpdate',
  'ContactDelete',
  'ContactDndUpdate',
  'ContactTagUpdate',
  'NoteCreate',
  'NoteUpdate',
  'NoteDelete',
  'TaskCreate',
  'TaskComplete',
  'TaskDelete',
  'AppointmentCreate',
  'AppointmentUpdate',
  'AppointmentDelete',
  'OpportunityCreate',
  'OpportunityUpdate',
  'OpportunityDelete',
  'OpportunityStageUpdate',
  'OpportunityStatusUpdate',
  'InboundMessage',
  'OutboundMessage',
];

/** Filter keys a subscription may narrow on (compared with the event's field, or the appointment's). */
export const FILTER_KEYS = ['tag', 'calendarId', 'assignedTo', 'contactId', 'pipelineId', 'appointmentStatus'];

export interface SubscriptionRequest {
  targetUrl: string;
  event: string;
  locationId: string;
  filter: Record<string, string> | null;
  /** contacts and their tags as the subscriber saw them: the baseline "the tag is new" compares with */
  known: { contactId: string; tags: string[] }[];
}

/** At most this many `known` contacts (the app sends one contact search page, 500). */
const KNOWN_LIMIT = 1000;

export function secretMatches(authorization: string | undefined, secrets: string[]): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  let ok = false;
  for (const secret of secrets) {
    const expected = Buffer.from(secret);
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

/** The request as a subscription, or a message for a 400 naming the field. */
export function parseSubscription(body: unknown, allowedHosts: string[]): SubscriptionRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !['targetUrl', 'event', 'locationId', 'filter', 'known'].includes(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}.`;
  if (typeof b.targetUrl !== 'string') return 'targetUrl is required: the Zapier hook URL to deliver to.';
  let url: URL;
  try {
    url = new URL(b.targetUrl);
  } catch {
    return 'targetUrl is not a URL.';
  }
  const host = url.hostname.toLowerCase();
  if (!allowedHosts.includes(host)) return `targetUrl: the host ${host} is not allowed (RELAY_TARGET_HOSTS).`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(host)))
    return 'targetUrl must use https:// (plain http:// only to a loopback host).';
  if (url.username || url.password) return 'targetUrl must not carry a user name or password.';
  if (typeof b.event !== 'string' || !EVENT_TYPES.includes(b.event))
    return `event must be one of HighLevel's event types: ${EVENT_TYPES.join(', ')}.`;
  if (typeof b.locationId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(b.locationId))
    return 'locationId is required: the HighLevel sub-account (location) id.';
  let filter: Record<string, string> | null = null;
  if (b.filter !== undefined && b.filter !== null) {
    if (typeof b.filter !== 'object' || Array.isArray(b.filter)) return 'filter must be an object, e.g. { "tag": "vip" }.';
    filter = {};
    for (const [key, value] of Object.entries(b.filter)) {
      if (!FILTER_KEYS.includes(key)) return `filter.${key} is not supported (use ${FILTER_KEYS.join(', ')}).`;
      if (typeof value !== 'string' || value === '') return `filter.${key} must be a non-empty string.`;
      filter[key] = value;
    }
    if (Object.keys(filter).length === 0) filter = null;
  }
  const known = parseKnown(b.known);
  if (typeof known === 'string') return known;
  return { targetUrl: url.toString(), event: b.event, locationId: b.locationId, filter, known };
}

/** `known`: [{ contactId, tags }], the contacts of that sub-account whose tags are not new to the subscriber. */
function parseKnown(value: unknown): SubscriptionRequest['known'] | string {
  if (value === undefined || value === null) return [];
  const wrong = `known must be a list of at most ${KNOWN_LIMIT} { "contactId": "…", "tags": ["…"] }.`;
  if (!Array.isArray(value) || value.length > KNOWN_LIMIT) return wrong;
  const known: SubscriptionRequest['known'] = [];
  for (const item of value) {
    const { contactId, tags, ...rest } = (item ?? {}) as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof contactId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(contactId)) return wrong;
    if (!Array.isArray(tags) || tags.length > 500 || !tags.every((t) => typeof t === 'string' && t.length <= 200)) return wrong;
    known.push({ contactId, tags });
  }
  return known;
}

export type TokenCheck = { ok: true; companyId: string | null } | { ok: false; status: 403 | 502; message: string };

/** Does this HighLevel access token see that location? One GET /locations/{id}. */
export async function checkLocationToken(baseUrl: string, locationId: string, token: string): Promise<TokenCheck> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/locations/${encodeURIComponent(locationId)}`, {
      headers: { authorization: `Bearer ${token}`, version: '2021-07-28', accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ok: false, status: 502, message: 'HighLevel could not be reached to check the access token; try again.' };
  }
  if (response.status >= 200 && response.status < 300) {
    const body = (await response.json().catch(() => ({}))) as { location?: { id?: string; companyId?: string } };
    if (body.location?.id !== undefined && body.location.id !== locationId)
      return { ok: false, status: 403, message: 'The HighLevel access token does not belong to this locationId.' };
    return { ok: true, companyId: body.location?.companyId ?? null };
  }
  await response.body?.cancel().catch(() => {});
  if (response.status >= 400 && response.status < 500)
    return {
      ok: false,
      status: 403,
      message: 'The HighLevel access token cannot see this locationId: reconnect the HighLevel account of that sub-account.',
    };
  return { ok: false, status: 502, message: `HighLevel answered ${response.status} while checking the access token; try again.` };
}
