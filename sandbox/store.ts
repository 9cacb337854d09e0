/**
 * The sandbox's in-memory HighLevel: companies, locations (sub-accounts) and everything in them, plus the
 * OAuth and rate-limit state, all behind one clock that tests can move. Nothing here knows about HTTP; the
 * resource files (contacts.ts, calendars.ts, locations.ts) turn requests into calls on it.
 *
 * Test/admin API (also reachable over HTTP under /_sandbox/, see server.ts):
 *   store.now(), store.advanceClock(ms), store.setClock(ms)      the one clock (tokens, dates, rate limits)
 *   store.reset()                                                 back to the seed, tokens and counters cleared
 *   store.addContact(input, { locationId?, dateAdded? })          one contact, no duplicate rule applied
 *   store.addContacts(n, { locationId?, startMs?, stepMs? })      n generated contacts (fast: 100,000 in ~0.5 s)
 *   store.setAllowDuplicateContact(bool, locationId?)             the location setting the duplicate rule reads
 *   store.setLocationActive(bool, locationId?)                    an inactive location cannot refresh tokens
 *   store.taskPageCap = n                                         the task search returns at most n rows a page
 */

import type { StoreEvent } from './webhooks.ts';

// ---------------------------------------------------------------------------------------------- records

export interface Company {
  id: string;
  name: string;
  email: string;
  phone: string;
}

export interface LocationSettings {
  allowDuplicateContact: boolean;
  allowDuplicateOpportunity: boolean;
  allowFacebookNameMerge: boolean;
  disableContactTimezone: boolean;
}

export interface Location {
  id: string;
  companyId: string;
  name: string;
  address: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  website: string;
  timezone: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  settings: LocationSettings;
  /** which identifier decides a duplicate first (HighLevel: configurable, email first by default) */
  duplicateOrder: ('email' | 'phone')[];
  active: boolean;
  /** is the marketplace app installed here? (undefined = yes; /oauth/installedLocations and locationToken read it) */
  appInstalled?: boolean;
  /** when the app was installed (ISO), for /oauth/installedLocations */
  installedAt?: string;
}

export interface User {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  role: 'admin' | 'user';
  locationIds: string[];
  deleted: boolean;
}

export interface Calendar {
  id: string;
  locationId: string;
  groupId?: string;
  name: string;
  description: string;
  slug: string;
  calendarType: 'round_robin' | 'event' | 'class_booking' | 'collective' | 'service_booking' | 'personal';
  teamMembers: { userId: string; priority: number; isPrimary: boolean }[];
  slotDuration: number;
  /** the standard availability (CalendarDTO `openHours`), in the location's timezone; 0 = Sunday */
  openHours?: { daysOfTheWeek: number[]; hours: { openHour: number; openMinute: number; closeHour: number; closeMinute: number }[] }[];
  eventColor: string;
  isActive: boolean;
}

export interface CalendarGroup {
  id: string;
  locationId: string;
  name: string;
  slug: string;
  description: string;
  isActive: boolean;
}

export type CustomFieldType =
  | 'TEXT'
  | 'LARGE_TEXT'
  | 'NUMERICAL'
  | 'PHONE'
  | 'MONETORY'
  | 'CHECKBOX'
  | 'SINGLE_OPTIONS'
  | 'MULTIPLE_OPTIONS'
  | 'DATE'
  | 'TEXTBOX_LIST'
  | 'FILE_UPLOAD'
  | 'RADIO'
  | 'EMAIL';

export interface CustomField {
  id: string;
  locationId: string;
  name: string;
  fieldKey: string;
  placeholder: string;
  dataType: CustomFieldType;
  position: number;
  picklistOptions?: string[];
  model: 'contact' | 'opportunity';
}

export interface Tag {
  id: string;
  locationId: string;
  name: string;
}

export interface Campaign {
  id: string;
  locationId: string;
  name: string;
  status: 'published' | 'draft';
}

export interface Workflow {
  id: string;
  locationId: string;
  name: string;
  status: 'published' | 'draft';
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface Contact {
  id: string;
  locationId: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  email?: string;
  phone?: string;
  gender?: string;
  address1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  website?: string;
  timezone?: string;
  companyName?: string;
  source?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  dnd: boolean;
  dndSettings?: Record<string, unknown>;
  inboundDndSettings?: Record<string, unknown>;
  assignedTo?: string;
  businessId?: string;
  type: 'lead' | 'customer';
  /** lower-case, unique, in the order added */
  tags: string[];
  /** custom field id → value (string, number, string[] or object) */
  customFields: Record<string, unknown>;
  followers: string[];
  campaigns: string[];
  workflows: { workflowId: string; eventStartTime?: string; addedAt: number }[];
  dateAdded: number;
  dateUpdated: number;
  // Derived by the store on every write (search reads them without allocating):
  firstNameLowerCase?: string;
  lastNameLowerCase?: string;
  fullNameLowerCase?: string;
  emailLowerCase?: string;
  companyNameLowerCase?: string;
  /** lower-cased text the free-text `query` searches */
  searchText: string;
}

export interface Task {
  id: string;
  locationId: string;
  contactId: string;
  title: string;
  body?: string;
  assignedTo?: string;
  dueDate: string;
  completed: boolean;
  dateAdded: number;
  dateUpdated: number;
}

export interface Note {
  id: string;
  locationId: string;
  contactId: string;
  body: string;
  title?: string;
  color?: string;
  pinned?: boolean;
  userId?: string;
  dateAdded: number;
}

export interface Appointment {
  id: string;
  locationId: string;
  calendarId: string;
  contactId: string;
  groupId?: string;
  title: string;
  appointmentStatus: string;
  assignedUserId: string;
  users: string[];
  address?: string;
  notes?: string;
  meetingLocationType?: string;
  meetingLocationId?: string;
  rrule?: string;
  startTime: number;
  endTime: number;
  dateAdded: number;
  dateUpdated: number;
  createdBy: { userId?: string; source: string };
}

/** Everything that belongs to one location (sub-account). */
export interface LocationData {
  location: Location;
  contacts: Map<string, Contact>;
  /** lower-cased email → contact id, or ids (oldest first) when duplicates are allowed */
  byEmail: Map<string, string | string[]>;
  /** E.164 phone → contact id or ids */
  byPhone: Map<string, string | string[]>;
  /** contacts by (dateAdded, id) ascending; undefined = rebuild on next use (after a delete or an out-of-order add) */
  byDateAdded: Contact[] | undefined;
  tasks: Map<string, Task>;
  notes: Map<string, Note>;
  appointments: Map<string, Appointment>;
  calendars: Map<string, Calendar>;
  groups: Map<string, CalendarGroup>;
  customFields: Map<string, CustomField>;
  /** lower-cased name → tag */
  tags: Map<string, Tag>;
  campaigns: Map<string, Campaign>;
  workflows: Map<string, Workflow>;
}

// ------------------------------------------------------------------------------------------ auth state

export interface AuthCode {
  code: string;
  /** 'Company' for a consent given from the agency view (the token exchange then answers a Company token) */
  userType?: 'Location' | 'Company';
  clientId: string;
  redirectUri?: string;
  locationId: string;
  companyId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface Grant {
  userType: 'Location' | 'Company';
  clientId: string;
  locationId?: string;
  companyId: string;
  userId: string;
  scopes: string[];
}

export interface AccessToken extends Grant {
  token: string;
  expiresAt: number;
}

export interface RefreshToken extends Grant {
  token: string;
  used: boolean;
}

export interface RateCounter {
  windowStart: number;
  count: number;
  day: number;
  dayCount: number;
}

// ---------------------------------------------------------------------------------------------- helpers

/** Deterministic pseudo-random numbers (mulberry32), so a seeded sandbox has the same ids every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** HighLevel-style E.164: `(555) 010-2030` → `+15550102030` (US default, as for a US location). */
export function normalizePhone(phone: string | undefined | null): string | undefined {
  if (phone === undefined || phone === null) return undefined;
  const trimmed = String(phone).trim();
  if (!trimmed) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  if (!digits) return undefined;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return `+${digits}`;
}

export function normalizeTag(tag: string): string {
  return String(tag).trim().toLowerCase();
}

/** `1990-09-25`, `1990/09/25`, `09/25/1990`, `09-25-1990`, `1990.09.25`, `1990_09_25` … → `1990-09-25`. */
export function normalizeDateOfBirth(value: unknown): string | undefined | null {
  if (value === null || value === '') return null;
  if (value === undefined) return undefined;
  if (typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  const text = String(value).trim();
  let m = /^(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})/.exec(text);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{1,2})[-/._](\d{1,2})[-/._](\d{4})$/.exec(text);
  if (m) return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}

/** The ids an index entry holds. */
export function idsOf(entry: string | string[] | undefined): string[] {
  return entry === undefined ? [] : typeof entry === 'string' ? [entry] : entry;
}

export function fullName(c: Pick<Contact, 'firstName' | 'lastName' | 'name'>): string {
  const joined = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return joined || c.name || '';
}

const lowerOrUndefined = (v: string | undefined) => (v ? v.toLowerCase() : undefined);

/** Recomputes a contact's lower-case variants and search text after a write. */
/** The contact's own fields (not tags, dates or derived keys), to tell a field change from a tag change. */
function fieldsOf(c: Contact): string {
  const { tags: _t, dateUpdated: _u, searchText: _s, ...rest } = c;
  return JSON.stringify(rest, (k, v) => (k.endsWith('LowerCase') ? undefined : v));
}

export function derive(c: Contact): void {
  c.firstNameLowerCase = lowerOrUndefined(c.firstName);
  c.lastNameLowerCase = lowerOrUndefined(c.lastName);
  c.fullNameLowerCase = lowerOrUndefined(fullName(c));
  c.emailLowerCase = lowerOrUndefined(c.email);
  c.companyNameLowerCase = lowerOrUndefined(c.companyName);
  let text = c.fullNameLowerCase ?? '';
  if (c.emailLowerCase) text += ' ' + c.emailLowerCase;
  if (c.phone) text += ' ' + c.phone + ' ' + c.phone.slice(1);
  if (c.companyNameLowerCase) text += ' ' + c.companyNameLowerCase;
  c.searchText = text;
}

export function newLocationData(location: Location): LocationData {
  return {
    location,
    contacts: new Map(),
    byEmail: new Map(),
    byPhone: new Map(),
    byDateAdded: [],
    tasks: new Map(),
    notes: new Map(),
    appointments: new Map(),
    calendars: new Map(),
    groups: new Map(),
    customFields: new Map(),
    tags: new Map(),
    campaigns: new Map(),
    workflows: new Map(),
  };
}

/** The contact fields a create/update/upsert body may set (the spec's DTOs, minus locationId). */
export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  gender?: string;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string;
  website?: string | null;
  timezone?: string | null;
  companyName?: string;
  source?: string;
  dateOfBirth?: unknown;
  country?: string;
  dnd?: boolean;
  dndSettings?: Record<string, unknown>;
  inboundDndSettings?: Record<string, unknown>;
  tags?: string[];
  customFields?: { id?: string; key?: string; field_value?: unknown }[];
  assignedTo?: string;
}

const PLAIN_FIELDS = [
  'firstName',
  'lastName',
  'name',
  'email',
  'gender',
  'address1',
  'city',
  'state',
  'postalCode',
  'website',
  'timezone',
  'companyName',
  'source',
  'country',
  'assignedTo',
] as const;

export interface StoreOptions {
  /** seed of the id generator (same seed → same ids) */
  seed?: number;
}

// ------------------------------------------------------------------------------------------------ store

export class Store {
  private clockOffset = 0;
  private random: () => number;
  private readonly seedNumber: number;
  /** runs after reset() to lay the seed data down again (set by seed.ts) */
  onReset: ((store: Store) => void) | undefined;
  /** receives the HighLevel event of each change (webhooks.ts pushes them); reset and seeding emit none */
  onEvent: ((event: StoreEvent) => void) | undefined;
  private muted = false;
  /** Tells the listener about a change, as HighLevel's webhooks would. */
  emit(event: StoreEvent): void {
    if (!this.muted) this.onEvent?.(event);
  }

  companies = new Map<string, Company>();
  users = new Map<string, User>();
  locations = new Map<string, LocationData>();
  /** The location holding a contact id, if any (tells "another location" from "not found"). */
  locationOfContact(id: string): LocationData | undefined {
    for (const loc of this.locations.values()) if (loc.contacts.has(id)) return loc;
    return undefined;
  }
  locationOfAppointment(id: string): LocationData | undefined {
    for (const loc of this.locations.values()) if (loc.appointments.has(id)) return loc;
    return undefined;
  }
  /** the location most tools mean when they name none (the first one seeded) */
  primaryLocationId = '';
  /**
   * Most rows the location task search returns whatever `limit` asks (undefined: as many as asked). HighLevel
   * documents no maximum; set this to play a live API that caps pages lower. A server setting: reset() keeps it.
   */
  taskPageCap: number | undefined;

  codes = new Map<string, AuthCode>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  rate = new Map<string, RateCounter>();

  constructor(options: StoreOptions = {}) {
    this.seedNumber = options.seed ?? 20261120;
    this.random = rng(this.seedNumber);
  }

  // --- clock
  now(): number {
    return Date.now() + this.clockOffset;
  }
  advanceClock(ms: number): number {
    this.clockOffset += ms;
    return this.now();
  }
  setClock(ms: number): number {
    this.clockOffset = ms - Date.now();
    return this.now();
  }

  // --- ids
  newId(): string {
    let id = '';
    for (let i = 0; i < 20; i++) id += ID_CHARS[Math.floor(this.random() * ID_CHARS.length)];
    return id;
  }
  /** a random number in [0, 1) from the store's deterministic generator */
  rand(): number {
    return this.random();
  }

  /** Back to the seed: data, tokens, codes and rate counters; the clock offset stays. */
  reset(): void {
    this.random = rng(this.seedNumber);
    this.companies.clear();
    this.users.clear();
    this.locations.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.rate.clear();
    this.primaryLocationId = '';
    this.muted = true;
    try {
      this.onReset?.(this);
    } finally {
      this.muted = false;
    }
  }

  // --- locations
  get primary(): LocationData {
    const data = this.locations.get(this.primaryLocationId);
    if (!data) throw new Error('the sandbox has no location (was it seeded?)');
    return data;
  }
  loc(locationId?: string): LocationData {
    const data = this.locations.get(locationId ?? this.primaryLocationId);
    if (!data) throw new Error(`no location ${locationId}`);
    return data;
  }
  addLocation(location: Location): LocationData {
    const data = newLocationData(location);
    this.locations.set(location.id, data);
    if (!this.primaryLocationId) this.primaryLocationId = location.id;
    return data;
  }
  setAllowDuplicateContact(allow: boolean, locationId?: string): void {
    this.loc(locationId).location.settings.allowDuplicateContact = allow;
  }
  setLocationActive(active: boolean, locationId?: string): void {
    this.loc(locationId).location.active = active;
  }
  usersOf(locationId: string): User[] {
    return [...this.users.values()].filter((u) => !u.deleted && u.locationIds.includes(locationId));
  }

  // --- tags
  /** The location's tag of that name, created if new (adding a tag to a contact creates it, as in HighLevel). */
  ensureTag(loc: LocationData, name: string): Tag {
    const key = normalizeTag(name);
    let tag = loc.tags.get(key);
    if (!tag) {
      tag = { id: this.newId(), locationId: loc.location.id, name: key };
      loc.tags.set(key, tag);
    }
    return tag;
  }

  // --- contacts
  /** Sets dateUpdated to now, strictly after the previous value (so every change is visible to pollers). */
  touch(c: Contact): void {
    const now = this.now();
    c.dateUpdated = now > c.dateUpdated ? now : c.dateUpdated + 1;
    derive(c);
  }

  /** Creates a contact from a (validated) body; no duplicate rule — the caller decides that. */
  createContact(loc: LocationData, input: ContactInput, at: { dateAdded?: number; id?: string } = {}): Contact {
    const now = at.dateAdded ?? this.now();
    const c: Contact = {
      id: at.id ?? this.newId(),
      locationId: loc.location.id,
      dnd: false,
      type: 'lead',
      tags: [],
      customFields: {},
      followers: [],
      campaigns: [],
      workflows: [],
      dateAdded: now,
      dateUpdated: now,
      searchText: '',
    };
    this.applyContactInput(loc, c, input, { replaceTags: true });
    if (!c.firstName && !c.lastName && c.name) {
      const [first, ...rest] = c.name.trim().split(/\s+/);
      c.firstName = first;
      if (rest.length) c.lastName = rest.join(' ');
    }
    derive(c);
    this.insert(loc, c);
    this.emit({ type: 'ContactCreate', loc, record: c });
    return c;
  }

  /** Applies an update/upsert body: given fields replace, `tags` overwrites the list, custom fields merge by id. */
  updateContact(loc: LocationData, c: Contact, input: ContactInput): Contact {
    const before = { fields: fieldsOf(c), tags: c.tags.join('\n') };
    this.unindex(loc, c);
    this.applyContactInput(loc, c, input, { replaceTags: true });
    this.touch(c);
    this.index(loc, c);
    // HighLevel sends ContactUpdate for field changes and ContactTagUpdate (the whole list) for tag changes.
    if (fieldsOf(c) !== before.fields) this.emit({ type: 'ContactUpdate', loc, record: c });
    if (c.tags.join('\n') !== before.tags) this.emit({ type: 'ContactTagUpdate', loc, record: c });
    return c;
  }

  deleteContact(loc: LocationData, c: Contact): void {
    this.unindex(loc, c);
    loc.byDateAdded = undefined;
    loc.contacts.delete(c.id);
    for (const [id, t] of loc.tasks) if (t.contactId === c.id) loc.tasks.delete(id);
    for (const [id, n] of loc.notes) if (n.contactId === c.id) loc.notes.delete(id);
    this.emit({ type: 'ContactDelete', loc, record: c });
  }

  addTags(loc: LocationData, c: Contact, tags: string[]): void {
    let changed = false;
    for (const raw of tags) {
      const tag = normalizeTag(raw);
      if (!tag || c.tags.includes(tag)) continue;
      c.tags.push(tag);
      this.ensureTag(loc, tag);
      changed = true;
    }
    if (changed) {
      this.touch(c);
      this.emit({ type: 'ContactTagUpdate', loc, record: c });
    }
  }

  removeTags(c: Contact, tags: string[]): void {
    const remove = new Set(tags.map(normalizeTag));
    const kept = c.tags.filter((t) => !remove.has(t));
    if (kept.length !== c.tags.length) {
      c.tags = kept;
      this.touch(c);
      const loc = this.locations.get(c.locationId);
      if (loc) this.emit({ type: 'ContactTagUpdate', loc, record: c });
    }
  }

  /** The contact that a new contact with this email/phone would duplicate, in the location's order. */
  findDuplicate(
    loc: LocationData,
    email?: string | null,
    phone?: string | null,
    exceptId?: string,
  ): { contact: Contact; field: 'email' | 'phone' } | undefined {
    for (const field of loc.location.duplicateOrder) {
      const key = field === 'email' ? email?.trim().toLowerCase() : normalizePhone(phone);
      if (!key) continue;
      for (const id of idsOf((field === 'email' ? loc.byEmail : loc.byPhone).get(key))) {
        if (id === exceptId) continue;
        const contact = loc.contacts.get(id);
        if (contact) return { contact, field };
      }
    }
    return undefined;
  }

  /** The dateAdded index, rebuilt if a delete or an out-of-order add invalidated it. */
  contactsByDateAdded(loc: LocationData): Contact[] {
    if (!loc.byDateAdded) {
      loc.byDateAdded = [...loc.contacts.values()].sort((a, b) => a.dateAdded - b.dateAdded || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    return loc.byDateAdded;
  }

  private insert(loc: LocationData, c: Contact): void {
    loc.contacts.set(c.id, c);
    this.index(loc, c);
    const list = loc.byDateAdded;
    if (list) {
      const last = list[list.length - 1];
      if (!last || last.dateAdded < c.dateAdded || (last.dateAdded === c.dateAdded && last.id < c.id)) list.push(c);
      else loc.byDateAdded = undefined;
    }
  }

  private index(loc: LocationData, c: Contact): void {
    const add = (map: Map<string, string | string[]>, key: string | undefined) => {
      if (!key) return;
      const ids = map.get(key);
      map.set(key, ids === undefined ? c.id : [...idsOf(ids), c.id]);
    };
    add(loc.byEmail, c.emailLowerCase);
    add(loc.byPhone, c.phone);
  }

  private unindex(loc: LocationData, c: Contact): void {
    const drop = (map: Map<string, string | string[]>, key: string | undefined) => {
      if (!key || !map.has(key)) return;
      const rest = idsOf(map.get(key)).filter((id) => id !== c.id);
      if (rest.length) map.set(key, rest.length === 1 ? rest[0]! : rest);
      else map.delete(key);
    };
    drop(loc.byEmail, c.emailLowerCase);
    drop(loc.byPhone, c.phone);
  }

  private applyContactInput(loc: LocationData, c: Contact, input: ContactInput, opts: { replaceTags: boolean }): void {
    const target = c as unknown as Record<string, unknown>;
    for (const key of PLAIN_FIELDS) {
      if (!(key in input)) continue;
      const value = (input as Record<string, unknown>)[key];
      if (value === null || value === '') delete target[key];
      else if (value !== undefined) target[key] = key === 'email' ? String(value).trim() : value;
    }
    if ('phone' in input) {
      const phone = normalizePhone(input.phone);
      if (phone) c.phone = phone;
      else delete c.phone;
    }
    if ('dateOfBirth' in input) {
      const dob = normalizeDateOfBirth(input.dateOfBirth);
      if (dob === null) delete c.dateOfBirth;
      else if (dob) c.dateOfBirth = dob;
    }
    if (input.dnd !== undefined) c.dnd = input.dnd;
    if (input.dndSettings) c.dndSettings = { ...(c.dndSettings ?? {}), ...input.dndSettings };
    if (input.inboundDndSettings) c.inboundDndSettings = { ...input.inboundDndSettings };
    if (input.tags && opts.replaceTags) {
      c.tags = [];
      for (const raw of input.tags) {
        const tag = normalizeTag(raw);
        if (tag && !c.tags.includes(tag)) {
          c.tags.push(tag);
          this.ensureTag(loc, tag);
        }
      }
    }
    for (const item of input.customFields ?? []) {
      const field = this.customFieldFor(loc, item.id ?? item.key);
      if (!field) continue; // HighLevel ignores custom fields it does not know
      const value = item.field_value;
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
        delete c.customFields[field.id];
      else c.customFields[field.id] = value;
    }
  }

  /** A contact custom field by id, by fieldKey (`contact.x`) or by key without the prefix. */
  customFieldFor(loc: LocationData, idOrKey: string | undefined): CustomField | undefined {
    if (!idOrKey) return undefined;
    const byId = loc.customFields.get(idOrKey);
    if (byId) return byId;
    for (const f of loc.customFields.values()) {
      if (f.fieldKey === idOrKey || f.fieldKey === `contact.${idOrKey}`) return f;
    }
    return undefined;
  }

  // --- admin helpers for tests and benchmarks
  /** Adds one contact directly (no duplicate rule, no HTTP); `dateAdded` may be in the past. */
  addContact(input: ContactInput, at: { locationId?: string; dateAdded?: number; dateUpdated?: number } = {}): Contact {
    const loc = this.loc(at.locationId);
    const c = this.createContact(loc, input, { dateAdded: at.dateAdded });
    if (at.dateUpdated !== undefined) c.dateUpdated = at.dateUpdated;
    return c;
  }

  /**
   * Adds n generated contacts (unique emails and phones, names, tags, a custom field), dateAdded spaced
   * `stepMs` apart ending at `endMs` (default: now), so "newest first" is the reverse of insertion order.
   */
  addContacts(n: number, opts: { locationId?: string; endMs?: number; stepMs?: number } = {}): Contact[] {
    const loc = this.loc(opts.locationId);
    const step = opts.stepMs ?? 60_000;
    const end = opts.endMs ?? this.now();
    const start = end - (n - 1) * step;
    const tags = ['new lead', 'newsletter', 'vip', 'invisalign', 'follow up', 'referral'];
    const visits = [...loc.customFields.values()].find((f) => f.fieldKey === 'contact.number_of_visits');
    const serial = loc.contacts.size;
    const out: Contact[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = serial + i;
      const first = FIRST_NAMES[k % FIRST_NAMES.length]!;
      const last = LAST_NAMES[Math.floor(k / FIRST_NAMES.length) % LAST_NAMES.length]!;
      const t = start + i * step;
      const c: Contact = {
        id: this.newId(),
        locationId: loc.location.id,
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${k}@example.com`.toLowerCase(),
        phone: `+1555${String(1_000_000 + (k % 9_000_000)).padStart(7, '0')}`,
        source: k % 3 === 0 ? 'Website Form' : k % 3 === 1 ? 'Facebook Lead Ad' : 'Zapier',
        dnd: k % 17 === 0,
        type: 'lead',
        tags: k % 4 === 0 ? [tags[k % tags.length]!] : k % 4 === 1 ? [tags[k % tags.length]!, tags[(k + 1) % tags.length]!] : [],
        customFields: visits && k % 5 === 0 ? { [visits.id]: k % 12 } : {},
        followers: [],
        campaigns: [],
        workflows: [],
        dateAdded: t,
        dateUpdated: t,
        searchText: '',
      };
      derive(c);
      this.insert(loc, c);
      out[i] = c;
    }
    for (const tag of tags) this.ensureTag(loc, tag);
    return out;
  }
}

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'Lucas',
  'Mia',
  'Mason',
  'Amelia',
  'Ethan',
  'Harper',
  'Logan',
  'Evelyn',
  'Jacob',
  'Abigail',
  'Aiden',
  'Ella',
  'Carter',
  'Scarlett',
  'Owen',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
];
