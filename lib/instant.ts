/**
 * Instant triggers (REST hooks) through the webhook relay (relay/, README "Webhook relay"). HighLevel pushes its
 * events to one URL per marketplace app; the relay checks them and fans each out to the Zapier hook URLs that
 * subscribed for that sub-account and event. Here: subscribe/unsubscribe with the relay, and the shared pieces the
 * eight `*_instant` triggers declare themselves from (each beside its polling twin, whose output shape, sample and
 * `performList` it reuses).
 *
 * Relay contract (issue #13): `POST {RELAY_URL}/subscriptions` with `Authorization: Bearer RELAY_SECRET` and
 * `X-HighLevel-Token: <the sub-account's access token>`, JSON `{ targetUrl, event, locationId, filter?, known? }` → 201 `{ id }`
 * (`known`: contacts and their tags as the step saw them, the baseline of "the tag is new");
 * `DELETE {RELAY_URL}/subscriptions/{id}` → 204 (also for an unknown id). The relay checks the token against the
 * sub-account before it stores anything and keeps no HighLevel token.
 */
import type { Bundle, HttpResponse, PlainInputField, PlainOutputField, WebhookTriggerPerform, ZObject } from 'zapier-platform-core';
import { defineTrigger, errors } from 'zapier-platform-core';
import { ghl, ghlPath, locationId } from './client.js';
import { dropMinted, isAgency, locationToken } from './agency.js';
import { fetchAppointment, type Appointment } from './appointments/index.js';
import { normalizeDate } from './dates.js';
import { inputError } from './errors.js';
import { parseList } from './inputs.js';
import { shapeSearchedTask, type SearchedTask } from './tasks.js';

/** HighLevel's event types the instant triggers subscribe to. */
export type HighLevelEvent =
  | 'ContactCreate'
  | 'ContactUpdate'
  | 'ContactTagUpdate'
  | 'TaskCreate'
  | 'TaskComplete'
  | 'NoteCreate'
  | 'AppointmentCreate'
  | 'AppointmentUpdate';

/**
 * What the relay narrows a subscription by: a `tag` only when the tag is new on the contact; the other keys by equality
 * with the event's field (an appointment event's nested one). Never `contactId` for task events: live `TaskCreate`
 * payloads lack it (#332), so such a filter would drop them all. The triggers check their inputs again on the record.
 */
export type RelayFilter = { tag?: string; calendarId?: string; contactId?: string; assignedTo?: string; appointmentStatus?: string };

/** A contact and its tags as this step sees them when the Zap is turned on: the relay's baseline for "the tag is new". */
export type KnownContact = { contactId: string; tags: string[] };

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The relay of this integration, from its environment (`zapier env:set`); undefined when none is configured. */
export function relayConfig(): { url: string; secret: string } | undefined {
  const url = trimSlash(String(process.env.RELAY_URL ?? '').trim());
  if (!url) return undefined;
  // RELAY_SECRET may list several (rotation, issue #13): the first is the current one.
  const secret = String(process.env.RELAY_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .find(Boolean);
  return { url, secret: secret ?? '' };
}

/**
 * The access token a subscription is made with, which the relay checks against `GET /locations/{locationId}`: the
 * connection's token, or on an agency connection (issue #12) the location token of the sub-account picked in the
 * Sub-Account field (cached, else minted: one request to HighLevel; `fresh` after the relay refused a cached one).
 */
const subscriptionToken = (z: ZObject, bundle: Bundle, location: string, fresh = false): Promise<string> =>
  isAgency(bundle) ? locationToken(z, bundle, location, fresh) : Promise.resolve(String(bundle.authData?.access_token ?? ''));

const notSetUp = (twinLabel: string) =>
  new errors.Error(
    `Instant triggers are not set up for this HighLevel integration (it has no webhook relay configured). ` +
      `Use the "${twinLabel}" trigger instead: it checks HighLevel for changes every few minutes.`,
    'instant_not_configured',
    400,
  );

/** The relay's answer as an error a Zap builder can act on; never echoes a token, the secret or the hook URL. */
function relayError(status: number, action: 'turn on' | 'turn off', twinLabel: string): Error {
  if (status === 401)
    return new errors.Error(
      `The webhook relay refused this integration's credentials (RELAY_SECRET), so the instant trigger could not ${action}. ` +
        `The integration's administrator must set the same RELAY_SECRET on the relay and in Zapier; until then use the "${twinLabel}" trigger.`,
      'relay_unauthorized',
      401,
    );
  if (status === 403)
    return new errors.Error(
      'The webhook relay could not confirm that this HighLevel connection may see the chosen sub-account. ' +
        'Reconnect HighLevel in Zapier (Zap → Account → Reconnect), choose the sub-account on the consent screen, and turn the Zap on again.',
      'relay_forbidden',
      403,
    );
  if (status === 400)
    return new errors.Error(
      `The webhook relay refused this subscription (its allowed hook hosts or the event may be set up differently). ` +
        `Ask the integration's administrator to check the relay's RELAY_TARGET_HOSTS; until then use the "${twinLabel}" trigger.`,
      'relay_refused',
      400,
    );
  return new errors.Error(
    `The webhook relay did not answer as expected (HTTP ${status}), so the instant trigger could not ${action}. ` +
      `Try again in a few minutes; if it keeps failing, use the "${twinLabel}" trigger.`,
    'relay_unavailable',
    status >= 500 || status === 429 ? 503 : status,
  );
}

/** No answer at all from the relay (refused connection, timeout): the same advice, no URL in the text. */
const unreachable = (action: 'turn on' | 'turn off', twinLabel: string) =>
  new errors.Error(
    `The webhook relay could not be reached, so the instant trigger could not ${action}. Try again in a few minutes; ` +
      `if it keeps failing, use the "${twinLabel}" trigger.`,
    'relay_unreachable',
    503,
  );

/** How long one relay call may take (the relay checks the token with HighLevel before answering). */
const RELAY_TIMEOUT_MS = 15_000;

async function relayRequest(z: ZObject, options: Parameters<ZObject['request']>[0] & object, action: 'turn on' | 'turn off', twin: string) {
  try {
    return (await z.request({ ...options, skipThrowForStatus: true, timeout: RELAY_TIMEOUT_MS } as any)) as unknown as HttpResponse;
  } catch {
    throw unreachable(action, twin);
  }
}

/** What `performSubscribe` returns (Zapier keeps it as `bundle.subscribeData`). */
export type Subscription = { id: string; event: HighLevelEvent; locationId: string };

/** `POST {RELAY_URL}/subscriptions` for this Zap's hook URL: one request to the relay, none to HighLevel. */
export async function subscribe(
  z: ZObject,
  bundle: Bundle,
  event: HighLevelEvent,
  twinLabel: string,
  filter?: RelayFilter,
  knownContacts?: (z: ZObject, bundle: Bundle) => Promise<KnownContact[]>,
): Promise<Subscription> {
  const relay = relayConfig();
  if (!relay) throw notSetUp(twinLabel);
  const location = locationId(bundle);
  const known = knownContacts ? await knownContacts(z, bundle) : [];
  const post = (token: string) =>
    relayRequest(
      z,
      {
        url: `${relay.url}/subscriptions`,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${relay.secret}`,
          'X-HighLevel-Token': token,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({
          targetUrl: bundle.targetUrl,
          event,
          locationId: location,
          ...(filter ? { filter } : {}),
          ...(known.length ? { known } : {}),
        }),
      },
      'turn on',
      twinLabel,
    );
  const token = await subscriptionToken(z, bundle, location);
  let response = await post(token);
  // A cached location token HighLevel has revoked (the app reinstalled in the sub-account) is still unexpired: the
  // relay's check refuses it with 403. Forget it, mint once more and ask once more.
  if (response.status === 403 && isAgency(bundle)) {
    await dropMinted(z, token);
    response = await post(await subscriptionToken(z, bundle, location, true));
  }
  if (response.status >= 300) throw relayError(response.status, 'turn on', twinLabel);
  const id = (response.data as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw relayError(response.status, 'turn on', twinLabel);
  return { id: String(id), event, locationId: location };
}

/** `DELETE {RELAY_URL}/subscriptions/{id}`; a subscription the relay no longer knows is already gone. */
export async function unsubscribe(z: ZObject, bundle: Bundle, twinLabel: string): Promise<{ id: string | null }> {
  const id = (bundle.subscribeData as { id?: unknown } | undefined)?.id;
  const relay = relayConfig();
  if (id === undefined || id === null || id === '' || !relay) return { id: null }; // nothing was subscribed
  const response = await relayRequest(
    z,
    {
      url: `${relay.url}/subscriptions/${encodeURIComponent(String(id))}`,
      method: 'DELETE',
      headers: { Authorization: `Bearer ${relay.secret}` },
    },
    'turn off',
    twinLabel,
  );
  if (response.status >= 300 && response.status !== 404 && response.status !== 410)
    throw relayError(response.status, 'turn off', twinLabel);
  return { id: String(id) };
}

// ---- events → outputs ----------------------------------------------------------------------------------------------

/** Keys HighLevel adds to every event that are about the delivery, not the record. */
const DELIVERY_KEYS = new Set(['type', 'appId', 'versionId', 'webhookId', 'timestamp']);

/** The HighLevel event of this delivery (`bundle.cleanedRequest`), or undefined when the body is not one. */
export function eventOf(bundle: Bundle): Record<string, any> | undefined {
  const body = (bundle as { cleanedRequest?: unknown }).cleanedRequest;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, any>) : undefined;
}

/**
 * The record fields of an event: without the delivery keys, and only when the event is of the expected type and for
 * the connected sub-account (a misrouted delivery must never fire a Zap). Undefined otherwise.
 */
export function recordOf(bundle: Bundle, type: HighLevelEvent): Record<string, any> | undefined {
  const event = eventOf(bundle);
  if (!event || event.type !== type) return undefined;
  if (event.locationId !== undefined && String(event.locationId) !== locationId(bundle)) return undefined;
  return Object.fromEntries(Object.entries(event).filter(([k]) => !DELIVERY_KEYS.has(k)));
}

/** The output field keys of an operation (for the definition walk and the "same shape as the twin" tests). */
export const outputKeys = (fields: (PlainOutputField | unknown)[]): string[] =>
  fields.flatMap((f) => (f && typeof f === 'object' && 'key' in f ? [String((f as PlainOutputField).key)] : []));

/** The label and description a user reads: the instant trigger beside its polling twin. */
function instantDisplay(twinLabel: string, when: string): { label: string; description: string } {
  return {
    label: `${twinLabel} (Instant)`,
    description: `Triggers when ${when}, within seconds (instant). Needs the integration's webhook relay; without it use "${twinLabel}", which checks every few minutes.`,
  };
}

/**
 * An instant trigger beside its polling twin: the twin's input fields (unless `inputFields` replaces them), sample,
 * output fields and perform (as `performList`); subscribing to `event` with the relay filter `watch` makes of the
 * step's input, unsubscribing by the id the relay gave.
 */
export function instantTrigger<const K extends string>(
  twin: { display: { label?: string }; operation: unknown },
  spec: {
    key: K;
    noun: string;
    event: HighLevelEvent;
    /** "Triggers when …, within seconds" */
    when: string;
    perform: WebhookTriggerPerform;
    watch?: (input: Record<string, unknown>) => RelayFilter | undefined;
    /** read when the Zap is turned on: the contacts whose tags are not new (Tag Added) */
    known?: (z: ZObject, bundle: Bundle) => Promise<KnownContact[]>;
    /** instead of the twin's */
    inputFields?: PlainInputField[];
  },
) {
  const t = twinOf(twin);
  const inputFields = spec.inputFields ?? t.inputFields;
  return defineTrigger({
    key: spec.key,
    noun: spec.noun,
    display: instantDisplay(t.label, spec.when),
    operation: {
      type: 'hook',
      ...(inputFields ? { inputFields } : {}),
      performSubscribe: (z, bundle) =>
        subscribe(z, bundle, spec.event, t.label, spec.watch?.((bundle.inputData ?? {}) as Record<string, unknown>), spec.known),
      performUnsubscribe: (z, bundle) => unsubscribe(z, bundle, t.label),
      perform: spec.perform,
      performList: t.performList,
      sample: t.sample,
      outputFields: t.outputFields,
    },
  });
}

// ---- reads by id where HighLevel's payload lacks what the twin returns --------------------------------------------

/**
 * The task of a `TaskCreate`/`TaskComplete` event in the twin's shape (lib/tasks.ts `SearchedTask`). The payload
 * lacks the names and `dateUpdated`, and often `contactId` (highlevel-api-docs #332); the location task search has
 * them but no id filter, so ONE search narrowed by the task's title, state, contact and assignee finds the row. If the
 * search does not show it yet (index lag), the payload's own fields are returned, names null. 1 request per event.
 */
async function taskOfEvent(z: ZObject, bundle: Bundle, event: Record<string, any>, completed: boolean): Promise<SearchedTask> {
  const body: Record<string, unknown> = { completed, limit: 100 };
  if (event.contactId) body.contactId = [String(event.contactId)];
  if (event.assignedTo) body.assignedTo = [String(event.assignedTo)];
  if (typeof event.title === 'string' && event.title.trim()) body.query = event.title.trim().slice(0, 100);
  const data = await ghl<{ tasks?: unknown }>(z, { method: 'POST', path: ghlPath`/locations/${locationId(bundle)}/tasks/search`, body });
  const row = (Array.isArray(data?.tasks) ? data.tasks : []).find(
    (r: any) => r && typeof r === 'object' && String(r.id ?? r._id) === String(event.id),
  );
  if (row) return shapeSearchedTask(row);
  return { ...shapeSearchedTask({ ...event, completed }), dateUpdated: normalizeDate(event.dateUpdated ?? event.dateAdded) ?? null };
}

/** The relay filter of the task triggers: the assignee when exactly one is chosen (the payload carries `assignedTo`). */
export function taskWatch(input: Record<string, unknown>): RelayFilter | undefined {
  const users = parseList(input.assignedTo);
  return users.length === 1 ? { assignedTo: users[0]! } : undefined;
}

/** Does the task pass the trigger's optional Assigned User / Contact filters (lib/tasks.ts taskFilterFields)? */
function taskPasses(task: SearchedTask, input: Record<string, unknown>): boolean {
  const users = parseList(input.assignedTo);
  const contacts = parseList(input.contactId);
  return (!users.length || users.includes(task.assignedTo ?? '')) && (!contacts.length || contacts.includes(task.contactId ?? ''));
}

/** `perform` of New Task / Task Completed (Instant): the event's task (one search) if it passes the step's filters. */
export const taskEventPerform =
  (type: 'TaskCreate' | 'TaskComplete'): WebhookTriggerPerform =>
  async (z, bundle) => {
    const event = recordOf(bundle, type);
    if (!event?.id) return [];
    const task = await taskOfEvent(z, bundle, event, type === 'TaskComplete');
    return taskPasses(task, bundle.inputData ?? {}) ? [task] : [];
  };

/**
 * The appointment of an `Appointment*` event (`{ appointment: {…} }`) read by id, as the twin shapes it
 * (`GET /calendars/events/appointments/{id}`: the payload lacks `isRecurring` and the event fields). 1 request.
 */
export async function appointmentOfEvent(z: ZObject, event: Record<string, any>): Promise<Appointment | undefined> {
  const id = event.appointment?.id;
  return id ? fetchAppointment(z, String(id)) : undefined;
}

/** Does the appointment pass the trigger's Calendar / User inputs (lib/appointments watchFields)? */
export function appointmentPasses(a: Appointment, input: Record<string, unknown>): boolean {
  const calendarId = String(input.calendarId ?? '').trim();
  const userId = String(input.userId ?? '').trim();
  const users: unknown[] = Array.isArray(a.users) ? a.users : [];
  return (!calendarId || a.calendarId === calendarId) && (!userId || a.assignedUserId === userId || users.includes(userId));
}

/**
 * The Calendar or User a twin needs (GET /calendars/events wants one), checked when the Zap is turned on; the relay
 * filter: the calendar, and the status after the change (Appointment Updated's "Only With Status").
 */
export function appointmentWatch(input: Record<string, unknown>, appointmentStatus?: string): RelayFilter | undefined {
  const calendarId = String(input.calendarId ?? '').trim();
  const userId = String(input.userId ?? '').trim();
  if (!calendarId && !userId)
    throw inputError(
      'Calendar',
      'or the User field must be filled in: choose the calendar or the team member whose appointments to watch.',
    );
  const filter: RelayFilter = { ...(calendarId ? { calendarId } : {}), ...(appointmentStatus ? { appointmentStatus } : {}) };
  return Object.keys(filter).length ? filter : undefined;
}

/** What an instant trigger takes from its polling twin: label, inputs, sample, output fields, and `perform` as its list. */
function twinOf(trigger: { display: { label?: string }; operation: unknown }) {
  const op = trigger.operation as {
    perform: (z: ZObject, bundle: Bundle) => Promise<any[]>;
    inputFields?: PlainInputField[];
    sample: Record<string, any>;
    outputFields: PlainOutputField[];
  };
  return {
    label: String(trigger.display.label),
    performList: op.perform,
    inputFields: op.inputFields,
    sample: op.sample,
    outputFields: op.outputFields,
  };
}
