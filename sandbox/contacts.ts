/**
 * /contacts/* (contacts.json, Version 2021-07-28): contact CRUD with HighLevel's duplicate rule, upsert, search,
 * duplicate lookup, tags (per contact and bulk), tasks, notes, followers, campaign and workflow enrolment and the
 * contact's appointments. Response envelopes follow the spec, including its `succeded` spelling.
 */
import {
  ApiError,
  FORBIDDEN_LOCATION,
  badRequest,
  contactNotFound,
  iso,
  locOf,
  ok,
  plainUtc,
  queryString,
  sameLocation,
  toMs,
} from './http.ts';
import type { Ctx, Handler } from './http.ts';
import { searchContacts } from './search.ts';
import type { SearchBody } from './search.ts';
import { fullName } from './store.ts';
import type { Contact, ContactInput, LocationData, Note, Task } from './store.ts';

// ------------------------------------------------------------------------------------------------ shapes

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const customFieldsOut = (c: Contact) => Object.entries(c.customFields).map(([id, value]) => ({ id, value }));

/** GET /contacts/{id}, update and upsert: `GetContectByIdSchema`. */
export function contactOut(c: Contact): Record<string, unknown> {
  return compact({
    id: c.id,
    name: c.name,
    locationId: c.locationId,
    firstName: c.firstName,
    lastName: c.lastName,
    firstNameLowerCase: c.firstName?.toLowerCase(),
    lastNameLowerCase: c.lastName?.toLowerCase(),
    fullNameLowerCase: fullName(c).toLowerCase() || undefined,
    email: c.email,
    emailLowerCase: c.email?.toLowerCase(),
    timezone: c.timezone,
    companyName: c.companyName,
    phone: c.phone,
    dnd: c.dnd,
    dndSettings: c.dndSettings,
    type: c.type,
    source: c.source,
    assignedTo: c.assignedTo,
    address1: c.address1,
    city: c.city,
    state: c.state,
    country: c.country,
    postalCode: c.postalCode,
    website: c.website,
    tags: [...c.tags],
    dateOfBirth: c.dateOfBirth ? `${c.dateOfBirth}T00:00:00.000Z` : undefined,
    dateAdded: iso(c.dateAdded),
    dateUpdated: iso(c.dateUpdated),
    customFields: customFieldsOut(c),
    businessId: c.businessId,
  });
}

/** POST /contacts/: `CreateContactSchema` (adds deleted, birthMonth/birthDay). */
function createdContactOut(c: Contact): Record<string, unknown> {
  const out = contactOut(c);
  out.deleted = false;
  if (c.dateOfBirth) {
    out.birthMonth = Number(c.dateOfBirth.slice(5, 7));
    out.birthDay = Number(c.dateOfBirth.slice(8, 10));
  }
  return out;
}

/** A POST /contacts/search item: `address` (not address1), epoch `dateOfBirth`, `searchAfter`, follower/extra fields. */
export function searchItemOut(c: Contact, searchAfter: unknown[]): Record<string, unknown> {
  return compact({
    id: c.id,
    locationId: c.locationId,
    contactName: fullName(c) || undefined,
    firstName: c.firstName,
    lastName: c.lastName,
    firstNameLowerCase: c.firstName?.toLowerCase(),
    lastNameLowerCase: c.lastName?.toLowerCase(),
    email: c.email,
    phone: c.phone,
    phoneLabel: c.phone ? 'Mobile' : undefined,
    companyName: c.companyName,
    businessName: c.companyName,
    address: c.address1,
    city: c.city,
    state: c.state,
    country: c.country,
    postalCode: c.postalCode,
    website: c.website,
    timezone: c.timezone,
    source: c.source,
    type: c.type,
    dnd: c.dnd,
    dndSettings: c.dndSettings,
    tags: [...c.tags],
    customFields: customFieldsOut(c),
    dateOfBirth: c.dateOfBirth ? Date.parse(`${c.dateOfBirth}T00:00:00Z`) : undefined,
    dateAdded: iso(c.dateAdded),
    dateUpdated: iso(c.dateUpdated),
    assignedTo: c.assignedTo,
    businessId: c.businessId,
    followers: [...c.followers],
    additionalEmails: [],
    additionalPhones: [],
    validEmail: c.email ? true : undefined,
    searchAfter,
  });
}

const taskOut = (t: Task) =>
  compact({
    id: t.id,
    title: t.title,
    body: t.body,
    assignedTo: t.assignedTo,
    dueDate: t.dueDate,
    completed: t.completed,
    contactId: t.contactId,
  });
const noteOut = (n: Note) =>
  compact({
    id: n.id,
    body: n.body,
    userId: n.userId,
    dateAdded: iso(n.dateAdded),
    contactId: n.contactId,
    title: n.title,
    color: n.color,
    pinned: n.pinned,
  });

// ----------------------------------------------------------------------------------------------- helpers

/** The token location's contact, 403 if it lives in another location, 400 "not found" otherwise. */
export function contactOf(ctx: Ctx, id: string | undefined): { loc: LocationData; contact: Contact } {
  const loc = locOf(ctx);
  const contact = id ? loc.contacts.get(id) : undefined;
  if (contact) return { loc, contact };
  if (id && ctx.store.locationOfContact(id)) throw new ApiError(403, FORBIDDEN_LOCATION);
  throw contactNotFound(id ?? '');
}

function duplicateError(c: Contact, field: 'email' | 'phone'): ApiError {
  return badRequest('This location does not allow duplicated contacts.', {
    meta: { contactId: c.id, contactName: fullName(c), matchingField: field },
  });
}

function dueDateOf(value: unknown): string {
  const ms = toMs(value);
  if (ms === undefined) throw new ApiError(422, ['dueDate must be a valid ISO 8601 date string'], { error: 'Unprocessable Entity' });
  return iso(ms);
}

function taskOf(ctx: Ctx): { loc: LocationData; contact: Contact; task: Task } {
  const { loc, contact } = contactOf(ctx, ctx.params.contactId);
  const task = loc.tasks.get(ctx.params.taskId ?? '');
  if (!task || task.contactId !== contact.id) throw badRequest(`Task with id ${ctx.params.taskId} not found`);
  return { loc, contact, task };
}

function noteOf(ctx: Ctx): { loc: LocationData; contact: Contact; note: Note } {
  const { loc, contact } = contactOf(ctx, ctx.params.contactId);
  const note = loc.notes.get(ctx.params.id ?? '');
  if (!note || note.contactId !== contact.id) throw badRequest(`Note with id ${ctx.params.id} not found`);
  return { loc, contact, note };
}

function contactInput(body: Record<string, unknown>): ContactInput {
  const { locationId: _l, createNewIfDuplicateAllowed: _c, ...rest } = body;
  return rest as ContactInput;
}

// ---------------------------------------------------------------------------------------------- handlers

export const contactHandlers: Record<string, Handler> = {
  'get-contact': (ctx) => ok({ contact: contactOut(contactOf(ctx, ctx.params.contactId).contact) }),

  'create-contact': (ctx) => {
    const loc = sameLocation(ctx, ctx.body.locationId);
    if (!loc.location.settings.allowDuplicateContact) {
      const dup = ctx.store.findDuplicate(loc, ctx.body.email, ctx.body.phone);
      if (dup) throw duplicateError(dup.contact, dup.field);
    }
    const c = ctx.store.createContact(loc, contactInput(ctx.body));
    return ok({ contact: createdContactOut(c) }, 201);
  },

  'update-contact': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    if (!loc.location.settings.allowDuplicateContact && (ctx.body.email || ctx.body.phone)) {
      const dup = ctx.store.findDuplicate(loc, ctx.body.email, ctx.body.phone, contact.id);
      if (dup) throw duplicateError(dup.contact, dup.field);
    }
    ctx.store.updateContact(loc, contact, contactInput(ctx.body));
    return ok({ succeded: true, contact: contactOut(contact) });
  },

  'delete-contact': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    ctx.store.deleteContact(loc, contact);
    return ok({ succeded: true });
  },

  'upsert-contact': (ctx) => {
    const loc = sameLocation(ctx, ctx.body.locationId);
    const forceNew = loc.location.settings.allowDuplicateContact && ctx.body.createNewIfDuplicateAllowed === true;
    const match = forceNew ? undefined : ctx.store.findDuplicate(loc, ctx.body.email, ctx.body.phone);
    if (match) {
      // The first identifier in the location's order wins; a conflicting second one is dropped (HighLevel #37).
      const input = contactInput(ctx.body);
      if (match.field === 'email' && input.phone) {
        const other = ctx.store.findDuplicate(loc, undefined, input.phone, match.contact.id);
        if (other) delete input.phone;
      }
      ctx.store.updateContact(loc, match.contact, input);
      return ok({ new: false, contact: contactOut(match.contact) });
    }
    const c = ctx.store.createContact(loc, contactInput(ctx.body));
    return ok({ new: true, contact: contactOut(c) });
  },

  'search-contacts-advanced': (ctx) => {
    const body = ctx.body as SearchBody;
    const loc = sameLocation(ctx, body.locationId);
    const result = searchContacts(ctx.store, loc, body);
    return ok({ contacts: result.contacts.map((c, i) => searchItemOut(c, result.cursors[i]!)), total: result.total });
  },

  'get-duplicate-contact': (ctx) => {
    const loc = sameLocation(ctx, queryString(ctx, 'locationId'));
    const email = queryString(ctx, 'email');
    const number = queryString(ctx, 'number');
    const dup = ctx.store.findDuplicate(loc, email, number);
    return ok({ contact: dup ? contactOut(dup.contact) : null });
  },

  'add-tags': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    ctx.store.addTags(loc, contact, ctx.body.tags);
    return ok({ tags: [...contact.tags] }, 201);
  },

  'remove-tags': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    ctx.store.removeTags(contact, ctx.body.tags);
    return ok({ tags: [...contact.tags] });
  },

  'create-association': (ctx) => {
    const type = ctx.params.type;
    if (type !== 'add' && type !== 'remove') throw badRequest(`Invalid type ${type}: use add or remove`);
    const loc = sameLocation(ctx, ctx.body.locationId);
    let errorCount = 0;
    // One object per contact, as the spec's example shows (its schema says `items: string`, its example — the
    // only sample of a real answer — objects with contactId, message, type and the tag changes).
    const responses: Record<string, unknown>[] = [];
    for (const id of ctx.body.contacts as string[]) {
      const contact = loc.contacts.get(id);
      if (!contact) {
        errorCount++;
        responses.push({ contactId: id, message: 'contact does not belong to location', type: 'error' });
        continue;
      }
      const oldTags = [...contact.tags];
      if (type === 'add') ctx.store.addTags(loc, contact, ctx.body.tags);
      else ctx.store.removeTags(contact, ctx.body.removeAllTags ? [...contact.tags] : ctx.body.tags);
      const tagsAdded = contact.tags.filter((t) => !oldTags.includes(t));
      const tagsRemoved = oldTags.filter((t) => !contact.tags.includes(t));
      responses.push({ contactId: id, message: 'Tags updated', type: 'success', oldTags, tagsAdded, tagsRemoved });
    }
    return ok({ succeded: errorCount === 0, errorCount, responses }, 201);
  },

  // --- businesses (a contact's company record)
  'get-contacts-by-businessId': (ctx) => {
    const loc = sameLocation(ctx, queryString(ctx, 'locationId'));
    const businessId = ctx.params.businessId;
    const query = (queryString(ctx, 'query') ?? '').toLowerCase();
    const skip = Number.parseInt(queryString(ctx, 'skip') ?? '0', 10) || 0;
    const limit = Number.parseInt(queryString(ctx, 'limit') ?? '25', 10) || 25;
    const all = [...loc.contacts.values()]
      .filter((c) => c.businessId === businessId && (!query || c.searchText.includes(query)))
      .sort((a, b) => b.dateAdded - a.dateAdded || (a.id < b.id ? -1 : 1));
    const contacts = all.slice(skip, skip + limit).map((c) => {
      const { searchAfter: _s, validEmail: _v, additionalEmails: _a, additionalPhones: _p, phoneLabel: _l, ...item } = searchItemOut(c, []);
      return { ...item, attributions: [] };
    });
    return ok({ contacts, count: all.length });
  },
  'add-remove-contact-from-business': (ctx) => {
    const loc = sameLocation(ctx, ctx.body.locationId);
    const ids: string[] = ctx.body.ids;
    for (const id of ids) {
      const contact = loc.contacts.get(id);
      if (!contact) throw contactNotFound(id);
    }
    for (const id of ids) {
      const contact = loc.contacts.get(id)!;
      if (ctx.body.businessId) contact.businessId = ctx.body.businessId;
      else delete contact.businessId;
      ctx.store.touch(contact);
    }
    return ok({ success: true, ids });
  },

  // --- tasks
  'get-all-tasks': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    return ok({ tasks: [...loc.tasks.values()].filter((t) => t.contactId === contact.id).map(taskOut) });
  },
  'create-task': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    const now = ctx.store.now();
    const task: Task = compact({
      id: ctx.store.newId(),
      locationId: loc.location.id,
      contactId: contact.id,
      title: ctx.body.title,
      body: ctx.body.body,
      assignedTo: ctx.body.assignedTo,
      dueDate: dueDateOf(ctx.body.dueDate),
      completed: ctx.body.completed,
      dateAdded: now,
      dateUpdated: now,
    });
    loc.tasks.set(task.id, task);
    ctx.store.emit({ type: 'TaskCreate', loc, record: task });
    if (task.completed) ctx.store.emit({ type: 'TaskComplete', loc, record: task });
    return ok({ task: taskOut(task) }, 201);
  },
  'get-task': (ctx) => ok({ task: taskOut(taskOf(ctx).task) }),
  'update-task': (ctx) => {
    const { loc, task } = taskOf(ctx);
    const wasCompleted = task.completed;
    for (const k of ['title', 'body', 'assignedTo', 'completed'] as const) if (ctx.body[k] !== undefined) (task as any)[k] = ctx.body[k];
    if (ctx.body.dueDate !== undefined) task.dueDate = dueDateOf(ctx.body.dueDate);
    task.dateUpdated = ctx.store.now();
    if (task.completed && !wasCompleted) ctx.store.emit({ type: 'TaskComplete', loc, record: task });
    return ok({ task: taskOut(task) });
  },
  'update-task-completed': (ctx) => {
    const { loc, task } = taskOf(ctx);
    const wasCompleted = task.completed;
    task.completed = ctx.body.completed;
    task.dateUpdated = ctx.store.now();
    // HighLevel has TaskComplete and no TaskUpdate: reopening a task sends nothing.
    if (task.completed && !wasCompleted) ctx.store.emit({ type: 'TaskComplete', loc, record: task });
    return ok({ task: taskOut(task) });
  },
  'delete-task': (ctx) => {
    const { loc, task } = taskOf(ctx);
    loc.tasks.delete(task.id);
    ctx.store.emit({ type: 'TaskDelete', loc, record: task });
    return ok({ succeded: true });
  },

  // --- notes
  'get-all-notes': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    return ok({
      notes: [...loc.notes.values()]
        .filter((n) => n.contactId === contact.id)
        .sort((a, b) => b.dateAdded - a.dateAdded)
        .map(noteOut),
    });
  },
  'create-note': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    const note: Note = compact({
      id: ctx.store.newId(),
      locationId: loc.location.id,
      contactId: contact.id,
      body: ctx.body.body,
      title: ctx.body.title,
      color: ctx.body.color,
      pinned: ctx.body.pinned,
      userId: ctx.body.userId,
      dateAdded: ctx.store.now(),
    });
    loc.notes.set(note.id, note);
    ctx.store.emit({ type: 'NoteCreate', loc, record: note });
    return ok({ note: noteOut(note) }, 201);
  },
  'get-note': (ctx) => ok({ note: noteOut(noteOf(ctx).note) }),
  'update-note': (ctx) => {
    const { note } = noteOf(ctx);
    for (const k of ['body', 'title', 'color', 'pinned', 'userId'] as const) if (ctx.body[k] !== undefined) (note as any)[k] = ctx.body[k];
    return ok({ note: noteOut(note) });
  },
  'delete-note': (ctx) => {
    const { loc, note } = noteOf(ctx);
    loc.notes.delete(note.id);
    ctx.store.emit({ type: 'NoteDelete', loc, record: note });
    return ok({ succeded: true });
  },

  // --- followers
  'add-followers-contact': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    const added = (ctx.body.followers as string[]).filter((f, i, all) => !contact.followers.includes(f) && all.indexOf(f) === i);
    if (added.length) {
      contact.followers.push(...added);
      ctx.store.touch(contact);
    }
    return ok({ followers: [...contact.followers], followersAdded: added }, 201);
  },
  'remove-followers-contact': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    const removed = contact.followers.filter((f) => (ctx.body.followers as string[]).includes(f));
    if (removed.length) {
      contact.followers = contact.followers.filter((f) => !removed.includes(f));
      ctx.store.touch(contact);
    }
    return ok({ followers: [...contact.followers], followersRemoved: removed });
  },

  // --- campaigns and workflows
  'add-contact-to-campaign': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    const campaignId = ctx.params.campaignId!;
    if (!loc.campaigns.has(campaignId)) throw badRequest(`Campaign with id ${campaignId} not found`);
    if (!contact.campaigns.includes(campaignId)) contact.campaigns.push(campaignId);
    return ok({ succeded: true }, 201);
  },
  'remove-contact-from-campaign': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    contact.campaigns = contact.campaigns.filter((id) => id !== ctx.params.campaignId);
    return ok({ succeded: true });
  },
  'remove-contact-from-every-campaign': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    contact.campaigns = [];
    return ok({ succeded: true });
  },
  'add-contact-to-workflow': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    const workflowId = ctx.params.workflowId!;
    if (!loc.workflows.has(workflowId)) throw badRequest(`Workflow with id ${workflowId} not found`);
    if (ctx.body?.eventStartTime !== undefined && toMs(ctx.body.eventStartTime) === undefined) {
      throw new ApiError(422, ['eventStartTime must be a valid ISO 8601 date string'], { error: 'Unprocessable Entity' });
    }
    contact.workflows = contact.workflows.filter((w) => w.workflowId !== workflowId);
    contact.workflows.push({ workflowId, eventStartTime: ctx.body?.eventStartTime, addedAt: ctx.store.now() });
    return ok({ succeded: true });
  },
  'delete-contact-from-workflow': (ctx) => {
    const { contact } = contactOf(ctx, ctx.params.contactId);
    contact.workflows = contact.workflows.filter((w) => w.workflowId !== ctx.params.workflowId);
    return ok({ succeded: true });
  },

  // --- appointments of a contact (times in the non-ISO form this endpoint uses)
  'get-appointments-for-contact': (ctx) => {
    const { loc, contact } = contactOf(ctx, ctx.params.contactId);
    const events = [...loc.appointments.values()]
      .filter((a) => a.contactId === contact.id)
      .sort((a, b) => a.startTime - b.startTime)
      .map((a) =>
        compact({
          id: a.id,
          calendarId: a.calendarId,
          status: a.appointmentStatus === 'cancelled' ? 'cancelled' : 'booked',
          title: a.title,
          assignedUserId: a.assignedUserId,
          notes: a.notes,
          startTime: plainUtc(a.startTime),
          endTime: plainUtc(a.endTime),
          address: a.address,
          locationId: a.locationId,
          contactId: a.contactId,
          groupId: a.groupId,
          appointmentStatus: a.appointmentStatus,
          users: [...a.users],
          dateAdded: plainUtc(a.dateAdded),
          dateUpdated: plainUtc(a.dateUpdated),
          assignedResources: [],
        }),
      );
    return ok({ events });
  },
};
