/**
 * The sandbox's webhooks, pushed like HighLevel's app webhooks: for each contact, tag, task, note and appointment
 * change (and INSTALL on consent, UNINSTALL on request) the store emits an event (`store.emit`), and the pusher
 * POSTs HighLevel's payload for it to the configured URL — the JSON body signed over its exact bytes with Ed25519
 * (`x-ghl-signature`) and RSA-SHA256 (`x-wh-signature`), base64, with a test keypair (`webhookTestKeys()`: public
 * halves as PEM for the relay's HIGHLEVEL_WEBHOOK_PUBLIC_KEY / HIGHLEVEL_WEBHOOK_RSA_PUBLIC_KEY).
 *
 * Delivery follows HighLevel's rule: a 429 is retried (up to 6 times, HighLevel waits ~10 minutes; here
 * `retryDelayMs`) with the same body, `webhookId` and `timestamp`; every other answer — 5xx and network errors
 * included — is final. First attempts go out one at a time, in the order of the changes.
 *
 * Payload shapes (HighLevel's webhook event docs): contact events flat (no `dateUpdated`); task events flat, and
 * `TaskCreate` without `contactId` and `body` as reported live (highlevel-api-docs #332); note events flat;
 * appointment events `{ type, locationId, appointment: {…} }`. Every event carries `appId`, `versionId`,
 * `webhookId` (a UUID) and `timestamp` (ISO 8601, the wall clock: the relay checks it against its own clock).
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Appointment, Contact, LocationData, Note, Task } from './store.ts';

export interface WebhookKeys {
  ed25519PrivateKey: KeyObject;
  rsaPrivateKey: KeyObject;
  /** SPKI PEM, for the relay's HIGHLEVEL_WEBHOOK_PUBLIC_KEY */
  ed25519PublicKeyPem: string;
  /** SPKI PEM, for the relay's HIGHLEVEL_WEBHOOK_RSA_PUBLIC_KEY */
  rsaPublicKeyPem: string;
}

let keys: WebhookKeys | undefined;
/** The sandbox's test keypairs (made once per process; never HighLevel's). */
export function webhookTestKeys(): WebhookKeys {
  if (!keys) {
    const ed = generateKeyPairSync('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = {
      ed25519PrivateKey: ed.privateKey,
      rsaPrivateKey: rsa.privateKey,
      ed25519PublicKeyPem: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      rsaPublicKeyPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return keys;
}

/** Both signature headers for a body, as HighLevel sends them. */
export function signatureHeaders(body: Buffer, k: WebhookKeys = webhookTestKeys()): Record<string, string> {
  return {
    'x-ghl-signature': sign(null, body, k.ed25519PrivateKey).toString('base64'),
    'x-wh-signature': sign('sha256', body, k.rsaPrivateKey).toString('base64'),
  };
}

/** What the store emits; `record` is snapshotted into the payload at once (the store keeps mutating it). */
export type StoreEvent =
  | { type: 'ContactCreate' | 'ContactUpdate' | 'ContactTagUpdate' | 'ContactDelete'; loc: LocationData; record: Contact }
  | { type: 'TaskCreate' | 'TaskComplete' | 'TaskDelete'; loc: LocationData; record: Task }
  | { type: 'NoteCreate' | 'NoteDelete'; loc: LocationData; record: Note }
  | { type: 'AppointmentCreate' | 'AppointmentUpdate' | 'AppointmentDelete'; loc: LocationData; record: Appointment }
  | { type: 'INSTALL'; loc: LocationData; record: { companyId?: string; userId?: string; installType?: 'Location' | 'Company' } }
  | { type: 'UNINSTALL'; loc: LocationData; record?: undefined };

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function compact(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** HighLevel's payload of an event, without the delivery fields (`appId`, `webhookId`, `timestamp`). */
export function payloadOf(e: StoreEvent): Record<string, unknown> {
  const locationId = e.loc.location.id;
  switch (e.type) {
    case 'ContactCreate':
    case 'ContactUpdate':
    case 'ContactTagUpdate':
    case 'ContactDelete': {
      const c = e.record;
      return compact({
        type: e.type,
        locationId,
        id: c.id,
        address1: c.address1,
        city: c.city,
        state: c.state,
        companyName: c.companyName,
        country: c.country,
        source: c.source,
        dateAdded: iso(c.dateAdded),
        dateOfBirth: c.dateOfBirth,
        dnd: c.dnd,
        email: c.email,
        name: c.name ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || undefined),
        firstName: c.firstName,
        lastName: c.lastName,
        phone: c.phone,
        postalCode: c.postalCode,
        tags: [...c.tags],
        website: c.website,
        attachments: [],
        assignedTo: c.assignedTo,
        customFields: Object.entries(c.customFields).map(([id, value]) => ({ id, value })),
      });
    }
    case 'TaskCreate':
    case 'TaskComplete':
    case 'TaskDelete': {
      const t = e.record;
      const live = e.type === 'TaskCreate'; // #332: live TaskCreate payloads come without contactId and body
      return compact({
        type: e.type,
        locationId,
        id: t.id,
        assignedTo: t.assignedTo,
        body: live ? undefined : t.body,
        contactId: live ? undefined : t.contactId,
        title: t.title,
        dateAdded: iso(t.dateAdded),
        dueDate: t.dueDate,
        ...(e.type === 'TaskComplete' ? { completed: true } : {}),
      });
    }
    case 'NoteCreate':
    case 'NoteDelete': {
      const n = e.record;
      return compact({ type: e.type, locationId, id: n.id, body: n.body, contactId: n.contactId, dateAdded: iso(n.dateAdded) });
    }
    case 'AppointmentCreate':
    case 'AppointmentUpdate':
    case 'AppointmentDelete': {
      const a = e.record;
      return {
        type: e.type,
        locationId,
        appointment: compact({
          id: a.id,
          address: a.address,
          title: a.title,
          calendarId: a.calendarId,
          contactId: a.contactId,
          groupId: a.groupId,
          appointmentStatus: a.appointmentStatus,
          assignedUserId: a.assignedUserId,
          users: [...a.users],
          notes: a.notes,
          source: a.createdBy?.source,
          startTime: iso(a.startTime),
          endTime: iso(a.endTime),
          dateAdded: iso(a.dateAdded),
          dateUpdated: iso(a.dateUpdated),
        }),
      };
    }
    case 'INSTALL':
      return compact({
        type: 'INSTALL',
        // an agency-wide install names the company only
        locationId: e.record.installType === 'Company' ? undefined : locationId,
        companyId: e.record.companyId ?? e.loc.location.companyId,
        userId: e.record.userId,
        installType: e.record.installType ?? 'Location',
        planId: 'sandbox-plan',
        trial: {},
      });
    case 'UNINSTALL':
      return { type: 'UNINSTALL', locationId, companyId: e.loc.location.companyId };
  }
}

/** The JSON HighLevel POSTs for an event: its payload plus the delivery fields. */
export function eventBody(e: StoreEvent, appId = 'sandbox-app'): Record<string, unknown> {
  return { ...payloadOf(e), appId, versionId: 'sandbox-version', webhookId: randomUUID(), timestamp: new Date().toISOString() };
}

export interface PusherOptions {
  /** where to POST (the relay's /webhooks/highlevel); none = events are recorded but not sent */
  url?: string;
  /** the marketplace app id put into every event (HIGHLEVEL_APP_ID of the relay) */
  appId?: string;
  keys?: WebhookKeys;
  /** wait before retrying a 429 (HighLevel: ~10 minutes; default 1 s for local use) */
  retryDelayMs?: number;
  /** retries after a 429 (HighLevel: 6) */
  maxRetries?: number;
}

export interface Delivery {
  webhookId: string;
  type: string;
  /** wall-clock ms when the change happened (the event was emitted) */
  emittedAt: number;
  /** the last answer's status; 0 = no answer (network error); undefined = not sent (yet) */
  status?: number;
  attempts: number;
  body: Record<string, unknown>;
  /** the last answer's JSON body, when it had one (the relay answers `{ ok, deliveries }`) */
  response?: Record<string, unknown>;
}

/** Deliveries kept for inspection (the oldest are dropped past this). */
const MAX_RECORDED = 10_000;

/** POSTs the store's events as HighLevel would; `deliveries` records each, `idle()` waits for all to settle. */
export class WebhookPusher {
  url: string | undefined;
  readonly deliveries: Delivery[] = [];
  private chain: Promise<void> = Promise.resolve();
  private pending = new Set<Promise<void>>();
  private readonly options: PusherOptions;

  constructor(options: PusherOptions = {}) {
    this.options = options;
    this.url = options.url;
  }

  /** Snapshots the event's payload now and queues its delivery. */
  push(e: StoreEvent): Delivery {
    const body = eventBody(e, this.options.appId);
    const delivery: Delivery = { webhookId: String(body.webhookId), type: e.type, emittedAt: Date.now(), attempts: 0, body };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_RECORDED) this.deliveries.splice(0, this.deliveries.length - MAX_RECORDED);
    const url = this.url;
    if (!url) return delivery;
    const bytes = Buffer.from(JSON.stringify(body));
    const headers = { 'content-type': 'application/json', ...signatureHeaders(bytes, this.options.keys) };
    const done = (this.chain = this.chain.then(() => this.deliver(url, bytes, headers, delivery)));
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return delivery;
  }

  private async attempt(url: string, bytes: Buffer, headers: Record<string, string>, d: Delivery): Promise<number> {
    d.attempts++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: new Uint8Array(bytes),
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text().catch(() => '');
      try {
        d.response = JSON.parse(text) as Record<string, unknown>;
      } catch {
        d.response = undefined;
      }
      return (d.status = res.status);
    } catch {
      return (d.status = 0);
    }
  }

  private async deliver(url: string, bytes: Buffer, headers: Record<string, string>, d: Delivery): Promise<void> {
    if ((await this.attempt(url, bytes, headers, d)) !== 429) return;
    // Only a 429 is retried, later and off the ordered chain (so one busy answer does not hold the others back).
    const retries = (async () => {
      for (let i = 0; i < (this.options.maxRetries ?? 6); i++) {
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 1_000));
        if ((await this.attempt(url, bytes, headers, d)) !== 429) return;
      }
    })();
    this.pending.add(retries);
    void retries.finally(() => this.pending.delete(retries));
  }

  /** Resolves when every queued delivery (and 429 retry) has settled. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
