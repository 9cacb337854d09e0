/**
 * Input fields shared by many operations. Every id field has a dropdown (hidden trigger) and, for contacts, a
 * "search for it" button, so a Zap or an agency template never hard-codes one sub-account's ids.
 *
 * Each hidden dropdown trigger is its own file, named after its key: triggers/contact_list.ts, user_list.ts,
 * tag_list.ts, custom_field_list.ts, campaign_list.ts, workflow_list.ts, calendar_list.ts, … The search buttons
 * point at searches/find_contact.ts (and find_task, find_note, find_appointments in their domains).
 */
import { defineTrigger, type PlainInputField, type PlainOutputField, type PollingTriggerPerform } from 'zapier-platform-core';

type Overrides = Partial<PlainInputField>;

/** A field without its "search for it" button: a trigger has no earlier step to add a search to, and a search must not point at itself. */
export function withoutSearch(field: PlainInputField): PlainInputField {
  const { search: _search, ...rest } = field;
  return rest;
}

export const contactIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'contactId',
  label: 'Contact',
  type: 'string',
  required: true,
  dynamic: 'contact_list.id.label',
  search: 'find_contact.id',
  helpText:
    'The HighLevel contact. Pick one, or map the **Contact ID** from an earlier step (for example "Find Contact" or "Create or Update Contact").',
  ...o,
});

export const userIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'assignedTo',
  label: 'Assigned User',
  type: 'string',
  required: false,
  dynamic: 'user_list.id.name',
  helpText: 'A user of this HighLevel sub-account (Settings → My Staff). Pick one, or map a **User ID**.',
  ...o,
});

export const calendarIdField = (o: Overrides = {}): PlainInputField => ({
  key: 'calendarId',
  label: 'Calendar',
  type: 'string',
  required: true,
  dynamic: 'calendar_list.id.name',
  helpText: 'A calendar of this HighLevel sub-account (Calendars → Calendar Settings). Pick one, or map a **Calendar ID**.',
  ...o,
});

/**
 * A hidden trigger behind a dropdown. Zapier wants a trigger's description even there ("Triggers when …"), so
 * `when` completes it: "a note is added to the chosen contact". `canPaginate` for lists that page ("Load more").
 */
export const dropdownTrigger = <K extends string>(o: {
  key: K;
  noun: string;
  label: string;
  when: string;
  perform: PollingTriggerPerform;
  canPaginate?: boolean;
}) =>
  defineTrigger({
    key: o.key,
    noun: o.noun,
    display: { label: o.label, description: `Triggers when ${o.when} (used for dropdowns).`, hidden: true },
    operation: { type: 'polling', perform: o.perform, ...(o.canPaginate ? { canPaginate: true } : {}) },
  });

/** What a delete step returns: the id it deleted (and the contact it belonged to), and that it is gone. */
export const deletedOutputFields = (idLabel: string, withContact = true): PlainOutputField[] => [
  { key: 'id', label: idLabel },
  ...(withContact ? [{ key: 'contactId', label: 'Contact ID' }] : []),
  { key: 'deleted', label: 'Deleted', type: 'boolean' as const },
];
