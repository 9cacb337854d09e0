/**
 * Contact tasks: the shared vocabulary of every task operation (input fields, output fields, samples, output
 * shaping) and the two request patterns more than one operation needs — the completed flag and the
 * location-wide task poll.
 *
 * HighLevel's task endpoints live under the contact (`/contacts/{contactId}/tasks/{taskId}`), so every task
 * operation asks for the contact first and the task dropdown (`task_list`) lists that contact's tasks. The HighLevel
 * facts behind this file (no paging per contact, the location search and its undocumented page size): docs/HIGHLEVEL.md.
 */
import {
  defineCreate,
  type Bundle,
  type CreatePerform,
  type PlainInputField,
  type PlainOutputField,
  type ZObject,
} from 'zapier-platform-core';
import { ghl, ghlPath, locationId } from './client.js';
import { clock, normalizeDate, toIsoSeconds } from './dates.js';
import { inputError, missingFromAnswer } from './errors.js';
import { contactIdField, userIdField, withoutSearch } from './fields.js';
import { parseList, requiredId } from './inputs.js';
import { SAMPLE_SIZE, newestFirst } from './results.js';

// ---------------------------------------------------------------------------------------------------------------
// Input fields

type Overrides = Partial<PlainInputField>;

/** The contact a task belongs to; refreshes the Task dropdown below it when it changes. */
export const taskContactField = (o: Overrides = {}): PlainInputField =>
  contactIdField({
    altersDynamicFields: true,
    helpText:
      'The HighLevel contact the task belongs to. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact" or "New Task").',
    ...o,
  });

/** The task, chosen from the contact's tasks (chained dropdown: it needs the Contact field above it). */
export const taskIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'taskId',
  label: 'Task',
  type: 'string',
  required: true,
  dynamic: 'task_list.id.name',
  search: 'find_task.id',
  dependsOn: ['contactId'],
  helpText:
    'The task of the contact above. Pick one (choose the Contact first), or map the **Task ID** from an earlier step (for example "Create Task", "Find Task" or "New Task").',
  ...o,
});

export const titleField = (o: Overrides = {}): PlainInputField => ({
  key: 'title',
  label: 'Title',
  type: 'string',
  required: true,
  helpText: 'The task title shown in HighLevel\'s task list, for example "Call back about the quote".',
  ...o,
});

export const descriptionField = (o: Overrides = {}): PlainInputField => ({
  key: 'description',
  label: 'Description',
  type: 'text',
  required: false,
  helpText: 'Details of the task (HighLevel shows them under the title).',
  ...o,
});

export const dueDateField = (o: Overrides = {}): PlainInputField => ({
  key: 'dueDate',
  label: 'Due Date',
  type: 'datetime',
  required: true,
  helpText:
    'When the task is due. Any date and time works, for example `2026-12-01 09:30`, `2026-12-01T09:30:00Z` or "tomorrow 9am" (read in the Zap\'s timezone).',
  ...o,
});

export const taskUserField = (o: Overrides = {}): PlainInputField =>
  userIdField({
    helpText: 'The user of this HighLevel sub-account (Settings → My Staff) who should do the task. Pick one, or map a **User ID**.',
    ...o,
  });

// ---------------------------------------------------------------------------------------------------------------
// Output

export type Task = {
  id: string;
  title: string | null;
  body: string | null;
  dueDate: string | null;
  completed: boolean;
  contactId: string | null;
  assignedTo: string | null;
};

/** A task found by the location-wide search, which carries more than the per-contact endpoints. */
export type SearchedTask = Task & {
  dateAdded: string | null;
  dateUpdated: string | null;
  contactName: string | null;
  assignedToName: string | null;
};

export const taskSample: Task = {
  id: 'ocQHyuzHvysMo5N5VsXc',
  title: 'Call back about the quote',
  body: 'Ask whether the revised quote works for them.',
  dueDate: '2026-11-20T15:00:00.000Z',
  completed: false,
  contactId: 'sx6wyHhbFdRXh302LLNR',
  assignedTo: 'hxHGVRb1YJUscrCB8eXK',
};

export const searchedTaskSample: SearchedTask = {
  ...taskSample,
  dateAdded: '2026-11-18T09:12:44.000Z',
  dateUpdated: '2026-11-18T09:12:44.000Z',
  contactName: 'Maria Lopez',
  assignedToName: 'Sam Lee',
};

export const completedTaskSample: SearchedTask = {
  ...searchedTaskSample,
  completed: true,
  dateUpdated: '2026-11-20T14:41:07.000Z',
};

export const taskOutputFields: PlainOutputField[] = [
  { key: 'id', label: 'Task ID' },
  { key: 'title', label: 'Title' },
  { key: 'body', label: 'Description' },
  { key: 'dueDate', label: 'Due Date', type: 'datetime' },
  { key: 'completed', label: 'Completed', type: 'boolean' },
  { key: 'contactId', label: 'Contact ID' },
  { key: 'assignedTo', label: 'Assigned User ID' },
];

export const searchedTaskOutputFields: PlainOutputField[] = [
  ...taskOutputFields,
  { key: 'dateAdded', label: 'Date Added', type: 'datetime' },
  { key: 'dateUpdated', label: 'Date Updated', type: 'datetime' },
  { key: 'contactName', label: 'Contact Name' },
  { key: 'assignedToName', label: 'Assigned User Name' },
];

type Raw = Record<string, any>;

const stringOrNull = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const fullName = (p: unknown): string | null => {
  if (!p || typeof p !== 'object') return null;
  const { name, firstName, lastName } = p as Raw;
  return stringOrNull(name) ?? stringOrNull([firstName, lastName].filter(Boolean).join(' '));
};

/**
 * One task as every task operation returns it. HighLevel's per-contact endpoints answer `{ id, title, body,
 * assignedTo, dueDate, completed, contactId }`; the location search answers `_id` and a `status` as well, and
 * some responses leave out `contactId` — `contactId` is then the one the request was made for.
 */
export function shapeTask(raw: Raw, contactId?: string): Task {
  return {
    id: String(raw.id ?? raw._id ?? ''),
    title: stringOrNull(raw.title),
    body: stringOrNull(raw.body),
    dueDate: normalizeDate(raw.dueDate) ?? null,
    completed: typeof raw.completed === 'boolean' ? raw.completed : raw.status === 'completed',
    contactId: stringOrNull(raw.contactId ?? raw.contactDetails?._id ?? raw.contactDetails?.id ?? contactId),
    assignedTo: stringOrNull(raw.assignedTo ?? raw.assignedToUserDetails?.id),
  };
}

/** The task in a create answer (`{ task }`), or an error that says HighLevel sent none. */
export function taskFrom(z: ZObject, data: { task?: Raw } | undefined, contactId: string, what: string): Task {
  if (!data?.task || !(data.task.id ?? data.task._id)) throw missingFromAnswer(z, what, 'task', "the contact's tasks");
  return shapeTask(data.task, contactId);
}

/** A row of the location task search, with the dates and names only that endpoint returns (null when absent). */
export function shapeSearchedTask(raw: Raw): SearchedTask {
  return {
    ...shapeTask(raw),
    dateAdded: normalizeDate(raw.dateAdded ?? raw.createdAt) ?? null,
    dateUpdated: normalizeDate(raw.dateUpdated ?? raw.updatedAt) ?? null,
    contactName: fullName(raw.contactDetails),
    assignedToName: fullName(raw.assignedToUserDetails),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs → requests

/** The task path of the contact: `/contacts/{contactId}/tasks` or `/contacts/{contactId}/tasks/{taskId}`. */
export const taskPath = (contactId: string, taskId?: string): string =>
  taskId === undefined ? ghlPath`/contacts/${contactId}/tasks` : ghlPath`/contacts/${contactId}/tasks/${taskId}`;

export type TaskWrite = {
  title?: string;
  body?: string;
  dueDate?: string;
  assignedTo?: string;
};

/** The task fields the user filled in, as HighLevel takes them; nothing for fields left empty. */
export function taskWrite(input: Record<string, unknown>): TaskWrite {
  const out: TaskWrite = {};
  if (input.title !== undefined) {
    const title = String(input.title).trim();
    if (!title) throw inputError('Title', 'must not be blank.');
    out.title = title;
  }
  if (input.description !== undefined) out.body = String(input.description);
  if (input.dueDate !== undefined) out.dueDate = toIsoSeconds(input.dueDate, 'Due Date');
  const assignedTo = String(input.assignedTo ?? '').trim();
  if (assignedTo) out.assignedTo = assignedTo;
  return out;
}

/** The contact and task a step names (Contact and Task fields), checked before any request. */
export const taskRef = (bundle: Bundle): { contactId: string; taskId: string } => ({
  contactId: requiredId(bundle.inputData.contactId, 'Contact'),
  taskId: requiredId(bundle.inputData.taskId, 'Task'),
});

/** PUT …/completed — what "Mark Task Completed" and "Reopen Task" do. One request. */
async function setTaskCompleted(z: ZObject, bundle: Bundle, completed: boolean): Promise<Task> {
  const { contactId, taskId } = taskRef(bundle);
  const data = await ghl<{ task?: Raw }>(z, { method: 'PUT', path: `${taskPath(contactId, taskId)}/completed`, body: { completed } });
  // The response carries the task; should it not, the state we just set is known.
  return shapeTask({ id: taskId, ...(data?.task ?? {}), completed: data?.task?.completed ?? completed }, contactId);
}

/** Mark Task Completed (`completed` true) / Reopen Task (false): the same operation but for the flag it sets. */
export function taskCompletionAction<const K extends string>(key: K, completed: boolean) {
  const perform = (async (z, bundle) => setTaskCompleted(z, bundle, completed)) satisfies CreatePerform;
  return defineCreate({
    key,
    noun: 'Task',
    display: completed
      ? { label: 'Mark Task Completed', description: "Marks a contact's task as completed." }
      : { label: 'Reopen Task', description: "Marks a contact's completed task as not completed (open) again." },
    operation: {
      inputFields: [taskContactField(), taskIdField()],
      perform,
      sample: completed ? { ...taskSample, completed: true } : taskSample,
      outputFields: taskOutputFields,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Location-wide poll (New Task, Task Completed)

/**
 * Rows asked for per search request. HighLevel's default is 25 and the spec names no maximum; 500 is reported to
 * be accepted and returned in full (a third party's live test; unconfirmed here). Should HighLevel cap pages
 * lower, the poll learns the real page size from the first answer and pages on (see pollTasks).
 */
export const SEARCH_PAGE = 500;
/** Most search requests one poll makes: 20 sequential requests fit Zapier's 30 s per poll. */
export const MAX_POLL_PAGES = 20;
/**
 * Most tasks one poll reads. The search pages by `skip` (the spec offers no cursor) over what looks like a search
 * index (rows carry `searchAfter` sort keys), whose usual window ends at skip + limit = 10,000.
 */
export const MAX_POLLED_TASKS = 10_000;
/** Stop paging (and return what was read) once a poll has run this long, well inside Zapier's 30 s. */
export const POLL_BUDGET_MS = 20_000;
/** The editor's "Test trigger" shows 3 records; one small request is enough for them. */
export const SAMPLE_PAGE = 100;

/** The optional filters of the task triggers (no search buttons: a trigger has no earlier step). */
export const taskFilterFields = (): PlainInputField[] => [
  taskUserField({
    list: true,
    helpText: 'Only tasks assigned to these users (Settings → My Staff). Leave empty for tasks of every user.',
  }),
  withoutSearch(
    contactIdField({
      required: false,
      list: true,
      helpText: 'Only tasks of these contacts. Leave empty for tasks of every contact in the sub-account.',
    }),
  ),
];

/**
 * Every task of the sub-account with the given `completed` state (and the optional user/contact filters),
 * newest first by `orderBy`. The search has no sort and no date filter, so a poll reads all matching tasks and
 * Zapier's dedupe (on the task id) keeps only the new ones.
 *
 * Paging: a full page (500 rows) is followed by the next. A shorter first page is either every task or a page
 * size HighLevel caps below what we ask; one more request tells them apart, and from then on a page shorter than
 * that first one (or an empty one) is the last. Requests for N matching tasks: 1 when there are none, 2 when
 * 1–499, else ⌊N / 500⌋ + 1 (with a lower cap C: ⌊N / C⌋ + 1); never more than 20 (MAX_POLL_PAGES) nor past
 * 10,000 tasks. A sample (`isLoadingSample`) is one request and 3 tasks.
 */
export async function pollTasks(z: ZObject, bundle: Bundle, completed: boolean, orderBy: (keyof SearchedTask)[]): Promise<SearchedTask[]> {
  const sample = Boolean(bundle.meta?.isLoadingSample);
  const limit = sample ? SAMPLE_PAGE : SEARCH_PAGE;
  const filters: { completed: boolean; assignedTo?: string[]; contactId?: string[] } = { completed };
  const users = parseList(bundle.inputData.assignedTo);
  const contacts = parseList(bundle.inputData.contactId);
  if (users.length) filters.assignedTo = users;
  if (contacts.length) filters.contactId = contacts;

  const path = ghlPath`/locations/${locationId(bundle)}/tasks/search`;
  const started = clock.now();
  const seen = new Map<string, SearchedTask>();
  let pageSize = limit; // rows in a full page: what we ask for, or HighLevel's lower cap once a short first page shows one
  let skip = 0;
  for (let page = 1; ; page++) {
    const data = await ghl<{ tasks?: unknown }>(z, { method: 'POST', path, body: { ...filters, limit, skip } });
    const rows: unknown[] = Array.isArray(data?.tasks) ? data.tasks : [];
    for (const row of rows) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
      // The filter is applied again here: a deleted or differently-completed row must never fire this trigger.
      if ((row as Raw).deleted === true) continue;
      const task = shapeSearchedTask(row as Raw);
      if (task.id && task.completed === completed && !seen.has(task.id)) seen.set(task.id, task);
    }
    if (sample || rows.length === 0) break;
    if (page === 1 && rows.length < limit) pageSize = rows.length;
    else if (rows.length < pageSize) break;
    skip += rows.length;
    if (page >= MAX_POLL_PAGES || skip >= MAX_POLLED_TASKS) {
      z.console.log(`Task poll stopped after ${skip} tasks (${page} requests); add an Assigned User or Contact filter to see every task.`);
      break;
    }
    if (clock.now() - started > POLL_BUDGET_MS) {
      z.console.log(`Task poll stopped after ${skip} tasks to stay within Zapier's time limit.`);
      break;
    }
  }
  const tasks = newestFirst([...seen.values()], orderBy);
  return sample ? tasks.slice(0, SAMPLE_SIZE) : tasks;
}
