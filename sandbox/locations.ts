/**
 * The location (sub-account) and its dropdown sources: GET /locations/{id} (with settings), tags, custom field
 * definitions, the location-wide task search, users (/users/search needs companyId), campaigns and workflows.
 */
import { ApiError, FORBIDDEN_LOCATION, badRequest, iso, ok, queryString, sameLocation } from './http.ts';
import type { Ctx, Handler } from './http.ts';
import { fullName } from './store.ts';
import type { CustomField, LocationData, User } from './store.ts';

/** The location a request names, if the token may see it (its own, or any of its company for agency tokens). */
function namedLocation(ctx: Ctx, locationId: string | undefined): LocationData {
  if (ctx.token.userType === 'Location') return sameLocation(ctx, locationId);
  const loc = locationId ? ctx.store.locations.get(locationId) : undefined;
  if (!loc || loc.location.companyId !== ctx.token.companyId) throw new ApiError(403, FORBIDDEN_LOCATION);
  return loc;
}

function customFieldOut(f: CustomField): Record<string, unknown> {
  return {
    id: f.id,
    name: f.name,
    fieldKey: f.fieldKey,
    placeholder: f.placeholder,
    dataType: f.dataType,
    position: f.position,
    picklistOptions: f.picklistOptions ?? [],
    picklistImageOptions: [],
    isAllowedCustomOption: false,
    isMultiFileAllowed: false,
    maxFileLimit: 0,
    locationId: f.locationId,
    model: f.model,
  };
}

export function userOut(u: User): Record<string, unknown> {
  return {
    id: u.id,
    name: `${u.firstName} ${u.lastName}`,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    phone: u.phone,
    extension: '',
    permissions: {
      contactsEnabled: true,
      appointmentsEnabled: true,
      workflowsEnabled: true,
      campaignsEnabled: true,
      tagsEnabled: true,
      settingsEnabled: u.role === 'admin',
    },
    roles: { type: u.role === 'admin' ? 'agency' : 'account', role: u.role, locationIds: [...u.locationIds] },
    deleted: u.deleted,
  };
}

export const locationHandlers: Record<string, Handler> = {
  'get-location': (ctx) => {
    const { location: l } = namedLocation(ctx, ctx.params.locationId);
    return ok({
      location: {
        id: l.id,
        companyId: l.companyId,
        name: l.name,
        domain: '',
        address: l.address,
        city: l.city,
        state: l.state,
        logoUrl: '',
        country: l.country,
        postalCode: l.postalCode,
        website: l.website,
        timezone: l.timezone,
        firstName: l.firstName,
        lastName: l.lastName,
        email: l.email,
        phone: l.phone,
        business: {
          name: l.name,
          address: l.address,
          city: l.city,
          state: l.state,
          country: l.country,
          postalCode: l.postalCode,
          website: l.website,
          timezone: l.timezone,
        },
        social: {},
        settings: { ...l.settings },
      },
    });
  },

  'get-location-tags': (ctx) => {
    const loc = namedLocation(ctx, ctx.params.locationId);
    const tags = [...loc.tags.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({ id: t.id, name: t.name, locationId: t.locationId }));
    return ok({ tags });
  },

  'create-tag': (ctx) => {
    const loc = namedLocation(ctx, ctx.params.locationId);
    if (loc.tags.has(String(ctx.body.name).trim().toLowerCase())) throw badRequest('Tag with this name already exists');
    const tag = ctx.store.ensureTag(loc, ctx.body.name);
    return ok({ tag: { id: tag.id, name: tag.name, locationId: tag.locationId } });
  },

  'get-custom-fields': (ctx) => {
    const loc = namedLocation(ctx, ctx.params.locationId);
    const model = queryString(ctx, 'model') ?? 'contact';
    const customFields = [...loc.customFields.values()]
      .filter((f) => model === 'all' || f.model === model)
      .sort((a, b) => a.position - b.position)
      .map(customFieldOut);
    return ok({ customFields });
  },

  'get-custom-field': (ctx) => {
    const loc = namedLocation(ctx, ctx.params.locationId);
    const field = loc.customFields.get(ctx.params.id ?? '');
    if (!field) throw badRequest('Custom field not found');
    return ok({ customField: customFieldOut(field) });
  },

  /**
   * Location-wide tasks. HighLevel documents no order; the sandbox returns the newest first. It returns what
   * `limit` asks for, at most store.taskPageCap rows (a live API may cap pages below what is asked).
   */
  'task-search': (ctx) => {
    const loc = namedLocation(ctx, ctx.params.locationId);
    const b = ctx.body ?? {};
    const contactIds: string[] | undefined = b.contactId?.length ? b.contactId : undefined;
    const assignees: string[] | undefined = b.assignedTo?.length ? b.assignedTo : undefined;
    const query = typeof b.query === 'string' ? b.query.toLowerCase() : '';
    const skip = Math.max(0, Math.floor(b.skip ?? 0));
    const asked = Math.max(0, Math.floor(b.limit ?? 25));
    const limit = ctx.store.taskPageCap === undefined ? asked : Math.min(asked, ctx.store.taskPageCap);
    const matches = [...loc.tasks.values()]
      .filter(
        (t) =>
          (!contactIds || contactIds.includes(t.contactId)) &&
          (!assignees || (t.assignedTo !== undefined && assignees.includes(t.assignedTo))),
      )
      .filter((t) => b.completed === undefined || t.completed === b.completed)
      .filter((t) => !b.businessId || loc.contacts.get(t.contactId)?.businessId === b.businessId)
      .filter((t) => !query || `${t.title} ${t.body ?? ''}`.toLowerCase().includes(query))
      .sort((x, y) => y.dateAdded - x.dateAdded || (x.id < y.id ? -1 : 1));
    const tasks = matches.slice(skip, skip + limit).map((t) => {
      const contact = loc.contacts.get(t.contactId);
      const user = t.assignedTo ? ctx.store.users.get(t.assignedTo) : undefined;
      return {
        id: t.id,
        _id: t.id,
        title: t.title,
        body: t.body ?? '',
        dueDate: t.dueDate,
        completed: t.completed,
        assignedTo: t.assignedTo,
        contactId: t.contactId,
        locationId: t.locationId,
        dateAdded: iso(t.dateAdded),
        dateUpdated: iso(t.dateUpdated),
        contactDetails: contact
          ? {
              id: contact.id,
              firstName: contact.firstName ?? '',
              lastName: contact.lastName ?? '',
              name: fullName(contact),
              email: contact.email ?? '',
              phone: contact.phone ?? '',
            }
          : undefined,
        assignedToUserDetails: user ? { id: user.id, firstName: user.firstName, lastName: user.lastName, email: user.email } : undefined,
      };
    });
    return ok({ tasks });
  },

  'search-users': (ctx) => {
    const companyId = queryString(ctx, 'companyId');
    if (companyId !== ctx.token.companyId) throw new ApiError(403, 'The token does not have access to this company.');
    const locationId = queryString(ctx, 'locationId');
    if (locationId) namedLocation(ctx, locationId);
    const query = (queryString(ctx, 'query') ?? '').toLowerCase();
    const ids = (queryString(ctx, 'ids') ?? '').split(',').filter(Boolean);
    const skip = Number.parseInt(queryString(ctx, 'skip') ?? '0', 10) || 0;
    const limit = Number.parseInt(queryString(ctx, 'limit') ?? '25', 10) || 25;
    const sortField = queryString(ctx, 'sort') ?? 'firstName';
    const desc = (queryString(ctx, 'sortDirection') ?? 'asc').toLowerCase() === 'desc';
    const key = (u: User) => String((u as unknown as Record<string, unknown>)[sortField] ?? `${u.firstName} ${u.lastName}`).toLowerCase();
    const all = [...ctx.store.users.values()]
      .filter((u) => !u.deleted && u.companyId === companyId)
      .filter((u) => !locationId || u.locationIds.includes(locationId))
      .filter((u) => !ids.length || ids.includes(u.id))
      .filter((u) => !query || `${u.firstName} ${u.lastName} ${u.email}`.toLowerCase().includes(query))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (desc ? -1 : 1));
    return ok({ users: all.slice(skip, skip + limit).map(userOut), count: all.length });
  },

  'get-user': (ctx) => {
    const user = ctx.store.users.get(ctx.params.userId ?? '');
    if (!user || user.deleted) throw badRequest('User not found');
    if (user.companyId !== ctx.token.companyId) throw new ApiError(403, FORBIDDEN_LOCATION);
    return ok(userOut(user));
  },

  'get-user-by-location': (ctx) => {
    const loc = namedLocation(ctx, queryString(ctx, 'locationId'));
    return ok({ users: ctx.store.usersOf(loc.location.id).map(userOut) });
  },

  'get-campaigns': (ctx) => {
    const loc = namedLocation(ctx, queryString(ctx, 'locationId'));
    const status = queryString(ctx, 'status');
    return ok({
      campaigns: [...loc.campaigns.values()]
        .filter((c) => !status || c.status === status)
        .map((c) => ({ id: c.id, name: c.name, status: c.status, locationId: c.locationId })),
    });
  },

  'get-workflow': (ctx) => {
    const loc = namedLocation(ctx, queryString(ctx, 'locationId'));
    return ok({
      workflows: [...loc.workflows.values()].map((w) => ({
        id: w.id,
        name: w.name,
        status: w.status,
        version: w.version,
        createdAt: iso(w.createdAt),
        updatedAt: iso(w.updatedAt),
        locationId: w.locationId,
      })),
    });
  },
};
