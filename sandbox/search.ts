/**
 * POST /contacts/search over one location's contacts, as HighLevel's search doc describes it: filters (AND at the
 * top level, AND/OR groups), free-text `query`, `sort`, `page`/`pageLimit` (first 10,000 results) or a
 * `searchAfter` cursor. One linear pass filters and counts; the page is kept in a bounded heap (O(n log k), k =
 * the rows needed), so no full sort ever happens — 100,000 contacts cost a few milliseconds per request.
 */
import { badRequest, toMs } from './http.ts';
import { idsOf, normalizePhone } from './store.ts';
import type { Store } from './store.ts';
import type { Contact, CustomField, LocationData } from './store.ts';

export interface SearchFilter {
  field: string;
  operator: 'eq' | 'not_eq' | 'contains' | 'not_contains' | 'exists' | 'not_exists' | 'range';
  value?: unknown;
}
export interface SearchGroup {
  group: 'AND' | 'OR';
  filters: SearchFilter[];
}
export interface SearchBody {
  locationId: string;
  pageLimit: number;
  page?: number;
  searchAfter?: unknown[];
  query?: string;
  filters?: (SearchFilter | SearchGroup)[];
  sort?: { field: string; direction: 'asc' | 'desc' }[];
}
export interface SearchResult {
  contacts: Contact[];
  /** each contact's cursor (`searchAfter` on the item): its sort values, then its id */
  cursors: unknown[][];
  total: number;
}

/** Results reachable with page-based paging (beyond: searchAfter). */
export const PAGE_WINDOW = 10_000;

/** `id`: exact (case-sensitive) text; `string`: compared lower-cased */
type Kind = 'id' | 'string' | 'date' | 'bool' | 'number' | 'array' | 'phone';
interface FieldDef {
  kind: Kind;
  get: (c: Contact) => unknown;
}

const lower = (v: string | undefined) => (v ? v.toLowerCase() : undefined);
const dateOfBirthMs = (c: Contact) => (c.dateOfBirth ? Date.parse(`${c.dateOfBirth}T00:00:00Z`) : undefined);

const FIELDS: Record<string, FieldDef> = {
  id: { kind: 'id', get: (c) => c.id },
  firstNameLowerCase: { kind: 'string', get: (c) => c.firstNameLowerCase },
  lastNameLowerCase: { kind: 'string', get: (c) => c.lastNameLowerCase },
  fullNameLowerCase: { kind: 'string', get: (c) => c.fullNameLowerCase },
  email: { kind: 'string', get: (c) => c.emailLowerCase },
  phone: { kind: 'phone', get: (c) => c.phone },
  tags: { kind: 'array', get: (c) => c.tags },
  followers: { kind: 'array', get: (c) => (c.followers.length ? c.followers.map((f) => f.toLowerCase()) : c.followers) },
  dnd: { kind: 'bool', get: (c) => c.dnd },
  assignedTo: { kind: 'id', get: (c) => c.assignedTo },
  dateAdded: { kind: 'date', get: (c) => c.dateAdded },
  dateUpdated: { kind: 'date', get: (c) => c.dateUpdated },
  dateOfBirth: { kind: 'date', get: dateOfBirthMs },
  companyName: { kind: 'string', get: (c) => c.companyNameLowerCase },
  businessName: { kind: 'string', get: (c) => c.companyNameLowerCase },
  businessId: { kind: 'id', get: (c) => c.businessId },
  address: { kind: 'string', get: (c) => lower(c.address1) },
  city: { kind: 'string', get: (c) => lower(c.city) },
  state: { kind: 'string', get: (c) => lower(c.state) },
  country: { kind: 'string', get: (c) => lower(c.country) },
  postalCode: { kind: 'string', get: (c) => lower(c.postalCode) },
  source: { kind: 'string', get: (c) => lower(c.source) },
  type: { kind: 'string', get: (c) => c.type },
  timezone: { kind: 'string', get: (c) => lower(c.timezone) },
  website: { kind: 'string', get: (c) => lower(c.website) },
};

function customFieldDef(field: CustomField): FieldDef {
  const id = field.id;
  const raw = (c: Contact) => c.customFields[id];
  switch (field.dataType) {
    case 'NUMERICAL':
    case 'MONETORY':
      return { kind: 'number', get: (c) => (raw(c) === undefined ? undefined : Number(raw(c))) };
    case 'CHECKBOX':
    case 'MULTIPLE_OPTIONS':
    case 'TEXTBOX_LIST':
      return {
        kind: 'array',
        get: (c) => (raw(c) === undefined ? undefined : ([] as unknown[]).concat(raw(c)).map((v) => String(v).toLowerCase())),
      };
    case 'DATE':
      return { kind: 'date', get: (c) => toMs(raw(c)) };
    default:
      return { kind: 'string', get: (c) => (raw(c) === undefined ? undefined : String(raw(c)).toLowerCase()) };
  }
}

function fieldDef(loc: LocationData, name: string): FieldDef {
  const def = FIELDS[name];
  if (def) return def;
  const m = /^customFields?\.(.+)$/.exec(name);
  const custom = m ? loc.customFields.get(m[1]!) : undefined;
  if (custom && custom.model === 'contact') return customFieldDef(custom);
  throw badRequest(`Invalid field ${name}`);
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** The filter value in the field's terms (lower-cased text, E.164 phone, ms, boolean, number). */
function normalizeValue(kind: Kind, value: unknown, field: string): unknown {
  if (value === undefined || value === null) throw badRequest(`A value is required for field ${field}`);
  switch (kind) {
    case 'date': {
      const ms = toMs(value);
      if (ms === undefined) throw badRequest(`Invalid date value for field ${field}`);
      return ms;
    }
    case 'bool':
      return value === true || value === 'true';
    case 'number': {
      const n = Number(value);
      if (Number.isNaN(n)) throw badRequest(`Invalid number value for field ${field}`);
      return n;
    }
    case 'phone':
      return normalizePhone(String(value)) ?? String(value);
    case 'id':
      return String(value);
    default:
      return String(value).toLowerCase();
  }
}

function equals(kind: Kind, actual: unknown, wanted: unknown[]): boolean {
  if (!present(actual)) return false;
  if (kind === 'array') return (actual as unknown[]).some((a) => wanted.includes(typeof a === 'string' ? a : String(a))); // stored lower-case
  return wanted.includes(actual);
}

function containsText(kind: Kind, actual: unknown, needle: string): boolean {
  if (!present(actual)) return false;
  if (kind === 'array') return (actual as unknown[]).some((a) => String(a).toLowerCase().includes(needle));
  if (kind === 'phone') return String(actual).replace(/\D/g, '').includes(needle.replace(/\D/g, '')) || String(actual).includes(needle);
  return String(actual).toLowerCase().includes(needle);
}

type Predicate = (c: Contact) => boolean;

function compileFilter(loc: LocationData, f: SearchFilter | SearchGroup): Predicate {
  if ('group' in f) {
    const parts = f.filters.map((x) => compileFilter(loc, x));
    return f.group === 'OR' ? (c) => parts.some((p) => p(c)) : (c) => parts.every((p) => p(c));
  }
  const def = fieldDef(loc, f.field);
  const get = def.get;
  switch (f.operator) {
    case 'exists':
      return (c) => present(get(c));
    case 'not_exists':
      return (c) => !present(get(c));
    case 'eq':
    case 'not_eq': {
      const values = (Array.isArray(f.value) ? f.value : [f.value]).map((v) =>
        normalizeValue(def.kind === 'array' ? 'string' : def.kind, v, f.field),
      );
      if (def.kind === 'date' && typeof f.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f.value)) {
        // a whole day: that UTC day
        const start = values[0] as number;
        const inDay = (c: Contact) => {
          const v = get(c) as number | undefined;
          return v !== undefined && v >= start && v < start + 86_400_000;
        };
        return f.operator === 'eq' ? inDay : (c) => !inDay(c);
      }
      return f.operator === 'eq' ? (c) => equals(def.kind, get(c), values) : (c) => !equals(def.kind, get(c), values);
    }
    case 'contains':
    case 'not_contains': {
      if (typeof f.value !== 'string' && typeof f.value !== 'number')
        throw badRequest(`The ${f.operator} operator needs a text value for field ${f.field}`);
      const needle = String(f.value).toLowerCase();
      return f.operator === 'contains' ? (c) => containsText(def.kind, get(c), needle) : (c) => !containsText(def.kind, get(c), needle);
    }
    case 'range': {
      const v = f.value as Record<string, unknown> | undefined;
      if (!v || typeof v !== 'object' || Array.isArray(v) || !['gte', 'lte', 'gt', 'lt'].some((k) => k in v)) {
        throw badRequest(`The range operator needs a value like { "gte": …, "lte": … } for field ${f.field}`);
      }
      if (def.kind === 'array' || def.kind === 'bool') throw badRequest(`The range operator is not supported for field ${f.field}`);
      const bound = (k: string) => (k in v ? normalizeValue(def.kind, v[k], f.field) : undefined) as any;
      const gte = bound('gte');
      const lte = bound('lte');
      const gt = bound('gt');
      const lt = bound('lt');
      return (c) => {
        const x = get(c) as any;
        if (!present(x)) return false;
        return (
          (gte === undefined || x >= gte) && (lte === undefined || x <= lte) && (gt === undefined || x > gt) && (lt === undefined || x < lt)
        );
      };
    }
    default:
      throw badRequest(`Invalid operator ${(f as SearchFilter).operator}`);
  }
}

const SORTABLE = new Set<Kind>(['id', 'string', 'date', 'number', 'bool', 'phone']);

interface SortKey {
  get: (c: Contact) => unknown;
  desc: boolean;
}

/** -1 if a comes first. Missing values sort last in both directions; ties break on id (ascending). */
function compareValues(a: unknown, b: unknown, desc: boolean): number {
  const am = a === undefined || a === null;
  const bm = b === undefined || b === null;
  if (am || bm) return am === bm ? 0 : am ? 1 : -1;
  if (a === b) return 0;
  const less = typeof a === typeof b ? (a as any) < (b as any) : String(a) < String(b);
  return (less ? -1 : 1) * (desc ? -1 : 1);
}

/** Contacts a top-level `email`/`phone`/`id` eq filter allows (from the indexes), or undefined = all. */
function candidatesOf(loc: LocationData, filters: (SearchFilter | SearchGroup)[]): Contact[] | undefined {
  for (const f of filters) {
    if ('group' in f || f.operator !== 'eq' || f.value === undefined || f.value === null) continue;
    const values = (Array.isArray(f.value) ? f.value : [f.value]).map(String);
    let ids: string[] | undefined;
    if (f.field === 'email') ids = values.flatMap((v) => idsOf(loc.byEmail.get(v.trim().toLowerCase())));
    else if (f.field === 'phone') ids = values.flatMap((v) => idsOf(loc.byPhone.get(normalizePhone(v) ?? v)));
    else if (f.field === 'id') ids = values;
    if (!ids) continue;
    return [...new Set(ids)].map((id) => loc.contacts.get(id)).filter((c): c is Contact => Boolean(c));
  }
  return undefined;
}

export function searchContacts(store: Store, loc: LocationData, body: SearchBody): SearchResult {
  const predicates = (body.filters ?? []).map((f) => compileFilter(loc, f));
  const tokens = (body.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const sorts = body.sort?.length ? body.sort : [{ field: 'dateAdded', direction: 'desc' as const }];
  const keys: SortKey[] = sorts.map((s) => {
    const def = fieldDef(loc, s.field);
    if (!SORTABLE.has(def.kind)) throw badRequest(`Invalid sort field ${s.field}`);
    return { get: def.get, desc: s.direction === 'desc' };
  });
  // Ties break on id, in the direction of the first sort key.
  const idDesc = keys[0]!.desc;
  const compare = (a: Contact, b: Contact): number => {
    for (const k of keys) {
      const r = compareValues(k.get(a), k.get(b), k.desc);
      if (r) return r;
    }
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (idDesc ? -1 : 1);
  };

  let after: ((c: Contact) => boolean) | undefined;
  if (body.searchAfter) {
    const cursor = body.searchAfter;
    if (cursor.length !== keys.length + 1)
      throw badRequest(`searchAfter must have ${keys.length + 1} values: the searchAfter of the last contact of the previous page`);
    const cursorId = String(cursor[keys.length]);
    after = (c) => {
      for (let i = 0; i < keys.length; i++) {
        const r = compareValues(keys[i]!.get(c), cursor[i], keys[i]!.desc);
        if (r) return r > 0;
      }
      return idDesc ? c.id < cursorId : c.id > cursorId;
    };
  }

  const page = body.page ?? 1;
  const offset = body.searchAfter ? 0 : (page - 1) * body.pageLimit;
  if (!body.searchAfter && offset >= PAGE_WINDOW) {
    throw badRequest(`Only the first ${PAGE_WINDOW} results can be paged with page; use searchAfter to read further`);
  }
  const need = Math.min(offset + body.pageLimit, body.searchAfter ? body.pageLimit : PAGE_WINDOW);
  const matches = (c: Contact): boolean => {
    for (const p of predicates) if (!p(c)) return false;
    if (tokens.length) for (const t of tokens) if (!c.searchText.includes(t)) return false;
    return true;
  };
  const finish = (rows: Contact[], total: number): SearchResult => {
    const ordered = rows.slice(offset, offset + body.pageLimit);
    return { contacts: ordered, cursors: ordered.map((c) => [...keys.map((k) => k.get(c) ?? null), c.id]), total };
  };

  const candidates = candidatesOf(loc, body.filters ?? []);

  // Sorted by dateAdded alone (the default, and every "new contact" poll): walk the index, no sorting at all.
  if (!candidates && sorts.length === 1 && sorts[0]!.field === 'dateAdded') {
    const list = store.contactsByDateAdded(loc);
    const rows: Contact[] = [];
    const filtered = predicates.length > 0 || tokens.length > 0;
    let total = 0;
    let i = idDesc ? list.length - 1 : 0;
    const step = idDesc ? -1 : 1;
    if (after && !filtered) {
      // binary search the first row after the cursor
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const isAfter = after(list[mid]!);
        if (idDesc) {
          // descending: the rows after the cursor are a prefix of the ascending index
          if (isAfter) lo = mid + 1;
          else hi = mid;
        } else if (isAfter)
          hi = mid; // ascending: a suffix
        else lo = mid + 1;
      }
      i = idDesc ? lo - 1 : lo;
    }
    for (; i >= 0 && i < list.length; i += step) {
      const c = list[i]!;
      if (filtered && !matches(c)) continue;
      total++;
      if (after && filtered && !after(c)) continue;
      if (rows.length < need) rows.push(c);
      else if (!filtered) break;
    }
    return finish(rows, filtered ? total : list.length);
  }

  // Otherwise one pass: count every match, keep the best `need` in a heap whose root is the worst kept.
  const heap: Contact[] = [];
  const worse = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  let total = 0;
  const scan = candidates ?? store.contactsByDateAdded(loc); // an array scans faster than a Map
  for (let n = 0; n < scan.length; n++) {
    const c = scan[n]!;
    if (!matches(c)) continue;
    total++;
    if (after && !after(c)) continue;
    if (heap.length < need) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (compare(c, heap[0]!) < 0) {
      heap[0] = c;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let w = i;
        if (l < heap.length && worse(l, w)) w = l;
        if (r < heap.length && worse(r, w)) w = r;
        if (w === i) break;
        swap(i, w);
        i = w;
      }
    }
  }
  return finish(heap.sort(compare), total);
}
