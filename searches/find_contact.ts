/**
 * Find Contact by ID, email, phone or name — the first criterion that finds someone wins, each with the cheapest
 * exact endpoint: ID → GET /contacts/{id}; email → POST /contacts/search `email eq`; phone → GET
 * /contacts/search/duplicate (phone `eq` search misses contacts, #289); name → POST /contacts/search with exact
 * `firstNameLowerCase`/`lastNameLowerCase` `eq` filters, then (only if that finds no exact match) the free-text
 * `query`, kept only where the full name matches. 1 request per criterion tried (usually 1; 2 for a name found
 * only by the free text). HighLevel's search takes no value over 75 characters (docs/contacts.md): a longer email
 * is not searched, and the next criterion is tried.
 */
import { defineSearch, type SearchPerform } from 'zapier-platform-core';
import { ghl, locationId } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import { requiredId } from '../lib/inputs.js';
import {
  contactOutput,
  contactResultFields,
  contactSample,
  fetchContact,
  nameFilters,
  searchContacts,
  SEARCH_TEXT_MAX as SEARCH_MAX,
  validatedField,
} from '../lib/contacts/index.js';
import { contactIdField } from '../lib/fields.js';

const fold = (s: unknown) =>
  String(s ?? '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
const NEWEST: { field: string; direction: 'desc' }[] = [{ field: 'dateAdded', direction: 'desc' }];
type Input = { contactId?: string; email?: string; phone?: string; name?: string };

async function find(z: Parameters<SearchPerform>[0], bundle: Parameters<SearchPerform>[1], input: Input): Promise<any[]> {
  const { email, phone, name } = input;
  // Blank (spaces, an empty list) is "not given"; anything else must be one usable id — never GET /contacts/ or /contacts/..
  const contactId = String(input.contactId ?? '').trim() ? requiredId(input.contactId, 'Contact') : undefined;
  if (!contactId && !email && !phone && !name) {
    throw inputError('Email', 'or one of "Contact", "Phone" or "Full Name" must be filled to find a contact.');
  }
  // Check every value before the first request.
  const emailValue = email ? String(validatedField('email', email)).toLowerCase() : undefined;
  const phoneValue = phone ? String(validatedField('phone', phone)).replace(/[\s().-]/g, '') : undefined;
  const nameValue = name ? fold(name) : undefined;
  if (nameValue && nameValue.length > SEARCH_MAX)
    throw inputError('Full Name', `must be at most ${SEARCH_MAX} characters (HighLevel searches no longer text).`);
  // An email HighLevel's search refuses (422) is skipped for the next criterion; alone, it cannot find anyone.
  const searchEmail = emailValue && emailValue.length <= SEARCH_MAX ? emailValue : undefined;
  if (emailValue && !searchEmail && !contactId && !phoneValue && !nameValue) {
    throw inputError(
      'Email',
      `is longer than ${SEARCH_MAX} characters, the longest value HighLevel's contact search accepts. Fill "Phone" or "Full Name" too (or map the contact's ID into "Contact") to find this contact.`,
    );
  }

  if (contactId) {
    const found = await fetchContact(z, contactId);
    if (found) return [found];
  }
  if (searchEmail) {
    const { contacts } = await searchContacts(z, bundle, {
      pageLimit: 20,
      filters: [{ field: 'email', operator: 'eq', value: searchEmail }],
      sort: NEWEST,
    });
    if (contacts.length) return contacts;
  }
  if (phoneValue) {
    const data = await ghl<{ contact?: Record<string, any> | null }>(z, {
      path: '/contacts/search/duplicate',
      params: { locationId: locationId(bundle), number: phoneValue },
    });
    if (data?.contact) return [data.contact];
  }
  if (nameValue) {
    const exact = (contacts: Record<string, any>[]) =>
      contacts.filter((c) =>
        [c.name, c.contactName, [c.firstName, c.lastName].filter(Boolean).join(' ')].some((n) => n && fold(n) === nameValue),
      );
    const byFields = exact((await searchContacts(z, bundle, { pageLimit: 100, filters: nameFilters(nameValue), sort: NEWEST })).contacts);
    if (byFields.length) return byFields;
    // Names kept only in `name`, or split oddly: the free text, whose newest 100 hits may miss a common name.
    const byText = exact((await searchContacts(z, bundle, { pageLimit: 100, query: nameValue, sort: NEWEST })).contacts);
    if (byText.length) return byText;
  }
  return [];
}

const perform = (async (z, bundle) => contactOutput(z, bundle, await find(z, bundle, bundle.inputData as Input))) satisfies SearchPerform;

export default defineSearch({
  key: 'find_contact' as const,
  noun: 'Contact',
  display: {
    label: 'Find Contact',
    description: 'Finds a contact by ID, email, phone or full name (the first of these you fill in that matches wins).',
  },
  operation: {
    inputFields: [
      contactIdField({
        required: false,
        search: undefined,
        helpText: 'Look up this contact first. Pick one, or map a **Contact ID**. Leave empty to search by email, phone or name.',
      }),
      {
        key: 'email',
        label: 'Email',
        type: 'string',
        required: false,
        helpText:
          "Exact email address, e.g. maria@example.com (not case-sensitive). A contact created a few seconds ago may not be found yet: HighLevel's search index lags slightly.",
      },
      {
        key: 'phone',
        label: 'Phone',
        type: 'string',
        required: false,
        helpText:
          'Phone number with country code, e.g. +1 555 010 2030 — HighLevel stores numbers in that form; without the country code it may not match.',
      },
      {
        key: 'name',
        label: 'Full Name',
        type: 'string',
        required: false,
        helpText: 'First and last name exactly as in HighLevel, e.g. Maria Lopez (not case-sensitive). Partial names do not match.',
      },
    ],
    perform,
    sample: contactSample,
    outputFields: contactResultFields,
  },
});

/** Find or Create Contact: find by the search inputs; if found, Zapier can update it with the create inputs. */
export const findOrCreateContact = {
  key: 'find_contact' as const,
  display: {
    label: 'Find or Create Contact',
    description: 'Finds a contact by ID, email, phone or name, or creates it if none is found (and can update the one found).',
  },
  search: 'find_contact',
  create: 'create_contact',
  update: 'update_contact',
  updateInputFromSearchOutput: { contactId: 'id' },
};
