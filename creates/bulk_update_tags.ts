/**
 * Update Tags on Many Contacts — POST /contacts/bulk/tags/update/{add|remove}: one request for a list of contacts.
 * HighLevel reports per contact; the step fails only when no contact was updated, otherwise it returns the counts
 * and the failures so a later step (or a Filter) can act on them.
 */
import { defineCreate, type CreatePerform, type PlainInputField } from 'zapier-platform-core';
import { ghl, ghlPath, locationId } from '../lib/client.js';
import { inputError } from '../lib/errors.js';
import { parseList } from '../lib/inputs.js';
import { parseTags, tagsField } from '../lib/memberships.js';

const ACTIONS = { add: 'Add the tags', remove: 'Remove the tags' } as const;

const inputFields: PlainInputField[] = [
  {
    key: 'action',
    label: 'Action',
    type: 'string',
    required: true,
    choices: ACTIONS,
    default: 'add',
    helpText: 'Whether to add the tags to every contact below, or remove them.',
  },
  {
    key: 'contacts',
    label: 'Contacts',
    type: 'string',
    list: true,
    required: true,
    dynamic: 'contact_list.id.label',
    helpText:
      'The contacts to update. Pick them, or map **Contact IDs** from earlier steps (several IDs in one value can be separated by commas).',
  },
  tagsField({
    required: false,
    helpText:
      'Tag names to add or remove. Pick tags of this sub-account, type new ones, or map text — several tags in one value can be separated by ' +
      'commas, e.g. `vip, newsletter`. Required unless "Remove All Tags" is Yes.',
  }),
  {
    key: 'removeAllTags',
    label: 'Remove All Tags',
    type: 'boolean',
    required: false,
    default: 'false',
    helpText: 'Only with the action "Remove the tags": Yes removes **every** tag from these contacts (the Tags field is then not needed).',
  },
];

type BulkResponse = { contactId?: string; message?: string; type?: string };

const perform = (async (z, bundle) => {
  const input = bundle.inputData as Record<string, unknown>;
  const action = String(input.action ?? '')
    .trim()
    .toLowerCase();
  if (action !== 'add' && action !== 'remove') throw inputError('Action', 'must be "add" or "remove".');
  const contacts = parseList(input.contacts);
  if (!contacts.length) throw inputError('Contacts', 'needs at least one contact: pick contacts or map Contact IDs.');
  const removeAll = input.removeAllTags === true || String(input.removeAllTags).toLowerCase() === 'true';
  if (removeAll && action !== 'remove') throw inputError('Remove All Tags', 'can only be Yes with the action "Remove the tags".');
  const tags = removeAll ? parseList(input.tags, { ignoreCase: true }) : parseTags(input.tags);

  const data = await ghl<{ succeded?: boolean; errorCount?: number; responses?: unknown[] }>(z, {
    method: 'POST',
    path: ghlPath`/contacts/bulk/tags/update/${action}`,
    body: { contacts, tags, locationId: locationId(bundle), ...(removeAll ? { removeAllTags: true } : {}) },
  });

  const responses: BulkResponse[] = (Array.isArray(data?.responses) ? data.responses : []).map((r) =>
    r && typeof r === 'object' ? (r as BulkResponse) : { message: String(r) },
  );
  const failed = responses.filter((r) => r.type === 'error');
  const errorCount = Number.isFinite(Number(data?.errorCount)) ? Number(data?.errorCount) : failed.length;
  const successCount = responses.some((r) => r.type === 'success')
    ? responses.filter((r) => r.type === 'success').length
    : Math.max(contacts.length - errorCount, 0);
  const errors = failed.map((r) => `${r.contactId ?? '(unknown contact)'}: ${r.message ?? 'not updated'}`);

  if (successCount === 0 && errorCount > 0) {
    throw new z.errors.Error(
      `HighLevel updated none of the ${contacts.length} contact(s):\n${errors.map((e) => `- ${e}`).join('\n') || `- ${errorCount} error(s), no details given`}\n` +
        'Check the Contacts field: each must be a contact ID of this sub-account.',
      'bulk_failed',
      400,
    );
  }

  return {
    action,
    succeeded: data?.succeded ?? errorCount === 0,
    contactCount: contacts.length,
    successCount,
    errorCount,
    tags,
    removeAllTags: removeAll,
    failedContactIds: failed.map((r) => r.contactId).filter(Boolean),
    errors: errors.join('\n'),
    responses,
  };
}) satisfies CreatePerform;

export default defineCreate({
  key: 'bulk_update_tags' as const,
  noun: 'Tags',
  display: {
    label: 'Update Tags on Many Contacts',
    description: 'Adds tags to, or removes tags from, a list of contacts in one step.',
  },
  operation: {
    inputFields,
    perform,
    sample: {
      action: 'add',
      succeeded: false,
      contactCount: 3,
      successCount: 2,
      errorCount: 1,
      tags: ['vip', 'newsletter'],
      removeAllTags: false,
      failedContactIds: ['3ualbhnV7j3n3a9r2moD'],
      errors: '3ualbhnV7j3n3a9r2moD: contact does not belong to location',
      responses: [
        {
          contactId: 'sx6wyHhbFdRXh302LLNR',
          message: 'Tags updated',
          type: 'success',
          oldTags: ['customer'],
          tagsAdded: ['vip', 'newsletter'],
          tagsRemoved: [],
        },
        {
          contactId: 'qFSqySFkVvNzOSqgGqFi',
          message: 'Tags updated',
          type: 'success',
          oldTags: ['vip'],
          tagsAdded: ['newsletter'],
          tagsRemoved: [],
        },
        { contactId: '3ualbhnV7j3n3a9r2moD', message: 'contact does not belong to location', type: 'error' },
      ],
    },
    outputFields: [
      { key: 'action', label: 'Action (add or remove)' },
      { key: 'succeeded', label: 'All Contacts Updated', type: 'boolean' },
      { key: 'contactCount', label: 'Contacts Sent', type: 'integer' },
      { key: 'successCount', label: 'Contacts Updated', type: 'integer' },
      { key: 'errorCount', label: 'Contacts Failed', type: 'integer' },
      { key: 'tags', label: 'Tags', list: true },
      { key: 'removeAllTags', label: 'Removed All Tags', type: 'boolean' },
      { key: 'failedContactIds', label: 'Failed Contact IDs', list: true },
      { key: 'errors', label: 'Errors (One per Line)' },
      { key: 'responses[]contactId', label: 'Result Contact ID' },
      { key: 'responses[]type', label: 'Result Type (success or error)' },
      { key: 'responses[]message', label: 'Result Message' },
    ],
  },
});
