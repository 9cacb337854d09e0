/**
 * Contact notes (`/contacts/{contactId}/notes…`, contacts spec, Version 2021-07-28): the fields, output shape and
 * helpers every note operation shares.
 *
 * Facts from the spec (`NotesDTO`, `UpdateNoteDTO`, `GetNoteSchema`): a note has `id`, `body`, `userId`,
 * `dateAdded`, `contactId`, `title`, `color`, `pinned`. Create requires only `body`; update requires nothing.
 * Notes can only be listed per contact, without paging (no location-wide list, issue #173). More: docs/HIGHLEVEL.md.
 */
import type { Bundle, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import { errors } from 'zapier-platform-core';
import { ghl, ghlPath } from './client.js';
import { normalizeDate } from './dates.js';
import { inputError, missingFromAnswer } from './errors.js';
import { contactIdField, userIdField } from './fields.js';
import { parseBoolean, requiredId, text } from './inputs.js';
import { newestFirst } from './results.js';

export type Note = Record<string, any> & { id: string; contactId: string; body: string; bodyText: string; dateAdded?: string };

// ---- one note ---------------------------------------------------------------------------------------------

/** The contact and the note a step names (both required). */
export const noteRef = (bundle: Bundle): { contactId: string; noteId: string } => ({
  contactId: requiredId(bundle.inputData.contactId, 'Contact'),
  noteId: requiredId(bundle.inputData.noteId, 'Note'),
});

/** `/contacts/{contactId}/notes/{noteId}`: where one note is read, edited and deleted. */
export const notePath = (contactId: string, noteId: string): string => ghlPath`/contacts/${contactId}/notes/${noteId}`;

// ---- input fields -------------------------------------------------------------------------------------------

type Overrides = Partial<PlainInputField>;

/** The contact a note belongs to: notes live under their contact, so every action on one note asks for it first. */
export const noteContactField = (o: Overrides = {}): PlainInputField =>
  contactIdField({ helpText: 'The contact the note belongs to. Pick one, or map the **Contact ID** from an earlier step.', ...o });

/** The note to act on; its dropdown lists the notes of the contact chosen above it. */
export const noteIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'noteId',
  label: 'Note',
  type: 'string',
  required: true,
  dynamic: 'note_list.id.label',
  search: 'find_note.id',
  helpText:
    'The note on the contact chosen above. Pick one (choose the contact first), or map the **Note ID** from an earlier step (for example "Find Note", "Create Note" or the "New Note" trigger).',
  ...o,
});

export const noteBodyField = (o: Overrides = {}): PlainInputField => ({
  key: 'body',
  label: 'Body',
  type: 'text',
  required: true,
  helpText:
    'The text of the note, as it appears on the contact in HighLevel. Type it or map text from an earlier step (a form answer, a call summary…).',
  ...o,
});

/** The optional note properties of `NotesDTO`/`UpdateNoteDTO` besides `body`, in the order the editor shows them. */
export const noteExtraFields = (action: 'create' | 'update'): PlainInputField[] => [
  {
    key: 'title',
    label: 'Title',
    type: 'string',
    required: false,
    helpText:
      action === 'create'
        ? 'A short heading for the note (optional), e.g. "Call summary".'
        : 'A new heading for the note. Leave empty to keep the current title.',
  },
  userIdField({
    key: 'userId',
    label: 'Author',
    helpText:
      'The HighLevel user the note is attributed to (Settings → My Staff). Pick one, or map a **User ID**.' +
      (action === 'update' ? ' Leave empty to keep the current author.' : ' Optional.'),
  }),
  {
    key: 'pinned',
    label: 'Pinned',
    type: 'boolean',
    required: false,
    helpText:
      action === 'create'
        ? "Yes pins the note to the top of the contact's notes. Leave empty for an unpinned note."
        : 'Yes pins the note, No unpins it. Leave empty to keep it as it is.',
  },
  {
    key: 'color',
    label: 'Color',
    type: 'string',
    required: false,
    helpText:
      "The note's color as a hex code, e.g. `#FFAA00`." + (action === 'update' ? ' Leave empty to keep the current color.' : ' Optional.'),
  },
];

// ---- input parsing (before any request) ---------------------------------------------------------------------

/** `#FFAA00`, `ffaa00`, `#fa0` → `#FFAA00` (the form the spec shows). */
export function parseColor(value: unknown, label = 'Color'): string | undefined {
  const t = text(value);
  if (!t) return undefined;
  const hex = t.replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return `#${hex.toUpperCase()}`;
  if (/^[0-9a-f]{3}$/i.test(hex))
    return `#${[...hex]
      .map((c) => c + c)
      .join('')
      .toUpperCase()}`;
  throw inputError(label, `must be a hex color code such as #FFAA00 — got "${t.slice(0, 40)}".`);
}

/**
 * The `NotesDTO` (create) or `UpdateNoteDTO` (update) body from the inputs: only the fields the user filled in,
 * only properties the spec declares. Throws before any request on invalid input.
 */
export function noteRequestBody(input: Record<string, unknown>, action: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // The body as typed (not trimmed): blank text on update is an error, not "keep the current body".
  const body = input.body === undefined || input.body === null ? undefined : String(input.body);
  if (body !== undefined || action === 'create') {
    if (!body?.trim()) {
      throw inputError(
        'Body',
        action === 'create' ? 'is required: enter the text of the note.' : 'must not be blank; leave it empty to keep the current text.',
      );
    }
    out.body = body;
  }
  const title = text(input.title);
  if (title) out.title = title;
  const userId = text(input.userId);
  if (userId) out.userId = userId;
  const pinned = parseBoolean(input.pinned, 'Pinned');
  if (pinned !== undefined) out.pinned = pinned;
  const color = parseColor(input.color);
  if (color) out.color = color;
  if (action === 'update' && !Object.keys(out).length) {
    throw new errors.Error(
      'Nothing to update: fill in at least one of Body, Title, Author, Pinned or Color. Fields left empty keep their current value.',
      'invalid_input',
      400,
    );
  }
  return out;
}

// ---- output -------------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' };

/** A note body without HTML (the HighLevel editor may store rich text): line breaks kept, tags and entities gone. */
export function plainText(body: unknown): string {
  return String(body ?? '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? _m)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A HighLevel note as every operation returns it: all its fields, the contact id guaranteed, dates ISO 8601. */
export function shapeNote(note: Record<string, any>, contactId: string): Note {
  const dateAdded = normalizeDate(note.dateAdded);
  return {
    ...note,
    id: String(note.id),
    contactId: note.contactId || contactId,
    body: note.body ?? '',
    bodyText: plainText(note.body),
    ...(dateAdded ? { dateAdded } : {}),
  };
}

/** Dropdown label: the note's first ~60 characters (title when the body is empty). */
export function noteLabel(note: Note): string {
  const oneLine = (s: unknown) => plainText(s).replace(/\s+/g, ' ').trim();
  const t = oneLine(note.body) || oneLine(note.title) || `(empty note ${note.id})`;
  return t.length > 60 ? `${t.slice(0, 59).trimEnd()}…` : t;
}

/** Does the note's body or title contain the text (case- and whitespace-insensitive)? */
export function noteMatches(note: Note, query: string): boolean {
  const norm = (s: unknown) =>
    String(s ?? '')
      .replace(/\s+/g, ' ')
      .toLowerCase();
  const q = norm(query).trim();
  return [note.bodyText, note.body, note.title].some((field) => norm(field).includes(q));
}

// ---- requests -----------------------------------------------------------------------------------------------

/** All notes of one contact, newest first — one request (HighLevel does not page notes). */
export async function listNotes(z: ZObject, contactId: string): Promise<Note[]> {
  const data = await ghl<{ notes?: Record<string, any>[] }>(z, { path: ghlPath`/contacts/${contactId}/notes` });
  return newestFirst(
    (data?.notes ?? []).filter((n) => n?.id).map((n) => shapeNote(n, contactId)),
    'dateAdded',
  );
}

/** The note in a create/update/get answer (`{ note }`), or an error that says HighLevel sent none. */
export function noteFrom(z: ZObject, data: { note?: Record<string, any> } | undefined, contactId: string, what: string): Note {
  if (!data?.note?.id) throw missingFromAnswer(z, what, 'note', "the contact's notes");
  return shapeNote(data.note, contactId);
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---- sample and output fields -------------------------------------------------------------------------------

export const noteSample = {
  id: 'ocQHyuzHvysMo5N5VsXc',
  contactId: 'sx6wyHhbFdRXh302LLNR',
  body: 'Called Maria about the renewal. She wants a quote for 12 seats by Friday.',
  bodyText: 'Called Maria about the renewal. She wants a quote for 12 seats by Friday.',
  title: 'Call summary',
  userId: 'hxHGVRb1YJUscrCB8eXK',
  color: '#FFAA00',
  pinned: false,
  dateAdded: '2026-11-20T15:04:05.000Z',
};

export const noteOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Note ID' },
  { key: 'contactId', label: 'Contact ID' },
  { key: 'body', label: 'Body' },
  { key: 'bodyText', label: 'Body (Plain Text)' },
  { key: 'title', label: 'Title' },
  { key: 'userId', label: 'Author User ID' },
  { key: 'color', label: 'Color' },
  { key: 'pinned', label: 'Pinned', type: 'boolean' },
  { key: 'dateAdded', label: 'Date Added', type: 'datetime' },
];
