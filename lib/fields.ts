/**
 * Input fields shared by many operations. Every id field has a dropdown (hidden trigger) and, for contacts, a
 * "search for it" button, so a Zap or an agency template never hard-codes one sub-account's ids.
 *
 * Hidden dropdown triggers (key → file): contact_list, user_list, tag_list, custom_field_list, campaign_list,
 * workflow_list (triggers/dropdowns*.ts), calendar_list (appointments). find_contact is the contact search.
 */
import type { PlainInputField } from 'zapier-platform-core';

type Overrides = Partial<PlainInputField>;

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
