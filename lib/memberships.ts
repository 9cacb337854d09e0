/**
 * Contact memberships: tags, campaigns, workflows and followers. Each of these actions is one request on a
 * `/contacts/{contactId}/…` sub-resource, so they share one factory (`contactAction`) and the operation files
 * only say which action they are. Also the Tags and Followers inputs (list parsing itself is `parseList` in inputs.ts).
 *
 * Tags are written by NAME (HighLevel's tag endpoints take names and create unknown tags on the fly) and never
 * by rewriting the contact's tag list, which PUT/upsert would overwrite.
 */
import { defineCreate, type Bundle, type PlainInputField, type PlainOutputField, type ZObject } from 'zapier-platform-core';
import { contactIdField } from './fields.js';
import { ghl, ghlPath } from './client.js';
import { toIsoSeconds } from './dates.js';
import { inputError } from './errors.js';
import { parseList, requiredId } from './inputs.js';

const CONTACT_ID = 'sx6wyHhbFdRXh302LLNR';
const CAMPAIGN_ID = 'Y2I9XM7aO1hncuSOlc9L';
const WORKFLOW_ID = '78559bb3-b920-461e-b010-7b2a2816d2a9';

/** Tag names from a "Tags" input; none at all is an input error (nothing would be sent). */
export function parseTags(value: unknown, label = 'Tags'): string[] {
  const tags = parseList(value, { ignoreCase: true });
  if (!tags.length) throw inputError(label, 'needs at least one tag name, such as "vip" or "vip, newsletter".');
  return tags;
}

export const tagsField = (o: Partial<PlainInputField> = {}): PlainInputField => ({
  key: 'tags',
  label: 'Tags',
  type: 'string',
  list: true,
  required: true,
  dynamic: 'tag_list.name.name',
  helpText:
    'Tag names. Pick tags of this sub-account, type new ones (HighLevel creates them), or map text from an earlier step — ' +
    'several tags in one value can be separated by commas, e.g. `vip, newsletter`.',
  ...o,
});

export const followersField = (o: Partial<PlainInputField> = {}): PlainInputField => ({
  key: 'followers',
  label: 'Followers',
  type: 'string',
  list: true,
  required: true,
  dynamic: 'user_list.id.name',
  helpText:
    'Users of this sub-account (Settings → My Staff) who follow the contact. Pick them, or map **User IDs** (several can be separated by commas).',
  ...o,
});

type Input = Record<string, unknown>;
type Method = 'POST' | 'DELETE';

interface Prepared {
  method: Method;
  path: string;
  body?: unknown;
  /** the action's output from HighLevel's answer */
  result: (data: any, z: ZObject) => Record<string, unknown>;
}

interface ContactActionSpec<K extends string> {
  key: K;
  noun: string;
  label: string;
  description: string;
  /** input fields after the Contact field */
  fields: PlainInputField[];
  /** validates the input (before any request) and says what to send and how to read the answer */
  prepare: (input: Input, contactId: string) => Prepared;
  sample: Record<string, unknown>;
  outputFields: PlainOutputField[];
}

/** One action on a contact's sub-resource: validate → one request → shaped output. */
export function contactAction<const K extends string>(spec: ContactActionSpec<K>) {
  return defineCreate({
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      inputFields: [contactIdField(), ...spec.fields],
      perform: async (z: ZObject, bundle: Bundle) => {
        const input = (bundle.inputData ?? {}) as Input;
        const { result, ...request } = spec.prepare(input, requiredId(input.contactId, 'Contact'));
        const data = await ghl(z, request);
        return result(data ?? {}, z);
      },
      sample: spec.sample,
      outputFields: spec.outputFields,
    },
  });
}

type Direction = 'add' | 'remove';

// ---- tags --------------------------------------------------------------------------------------------------

/** Add Tags to Contact / Remove Tags from Contact: POST/DELETE /contacts/{id}/tags with tag names. */
export function tagAction<const K extends string>(key: K, direction: Direction) {
  const add = direction === 'add';
  return contactAction({
    key,
    noun: 'Tag',
    label: add ? 'Add Tags to Contact' : 'Remove Tags from Contact',
    description: add
      ? 'Adds tags to a contact, keeping the tags it already has (tag names new to the sub-account are created).'
      : 'Removes tags from a contact, keeping its other tags.',
    fields: [
      add
        ? tagsField()
        : tagsField({
            helpText:
              'Tag names to take off the contact. Pick them, or map text from an earlier step — several tags in one value can be ' +
              'separated by commas, e.g. `vip, newsletter`. Tags the contact does not have are ignored.',
          }),
    ],
    prepare: (input, contactId) => {
      const tags = parseTags(input.tags);
      return {
        method: add ? 'POST' : 'DELETE',
        path: ghlPath`/contacts/${contactId}/tags`,
        body: { tags },
        result: (data) => ({ contactId, tags: Array.isArray(data.tags) ? data.tags : [], requestedTags: tags }),
      };
    },
    sample: { contactId: CONTACT_ID, tags: add ? ['customer', 'vip', 'newsletter'] : ['customer'], requestedTags: ['vip', 'newsletter'] },
    outputFields: [
      { key: 'contactId', label: 'Contact ID' },
      { key: 'tags', label: 'Contact Tags (After the Change)', list: true },
      { key: 'requestedTags', label: add ? 'Tags Requested to Add' : 'Tags Requested to Remove', list: true },
    ],
  });
}

// ---- campaigns and workflows -------------------------------------------------------------------------------

/** HighLevel answers `{ succeded: true }` (sic); an explicit false means nothing changed. */
function checkSucceeded(data: any, z: ZObject, what: string): void {
  if (data?.succeded === false || data?.succeeded === false) {
    throw new z.errors.Error(
      `HighLevel did not ${what} (it answered "succeded": false). Check that both exist in this sub-account and try again.`,
      'not_applied',
      200,
    );
  }
}

/** The output of a campaign/workflow enrolment action. */
const enrolment = (contactId: string, idKey: 'campaignId' | 'workflowId', id: string, direction: Direction) => ({
  contactId,
  [idKey]: id,
  action: direction === 'add' ? 'added' : 'removed',
  succeeded: true,
});

const enrolmentOutputFields = (idKey: 'campaignId' | 'workflowId', idLabel: string): PlainOutputField[] => [
  { key: 'contactId', label: 'Contact ID' },
  { key: idKey, label: idLabel },
  { key: 'action', label: 'Action (Added or Removed)' },
  { key: 'succeeded', label: 'Succeeded', type: 'boolean' },
];

/** Add Contact to Campaign / Remove Contact from Campaign. */
export function campaignAction<const K extends string>(key: K, direction: Direction) {
  const add = direction === 'add';
  return contactAction({
    key,
    noun: 'Campaign',
    label: add ? 'Add Contact to Campaign' : 'Remove Contact from Campaign',
    description: add
      ? 'Adds a contact to a campaign of the sub-account.'
      : 'Removes a contact from a campaign, stopping the campaign for that contact.',
    fields: [
      {
        key: 'campaignId',
        label: 'Campaign',
        type: 'string',
        required: true,
        dynamic: 'campaign_list.id.name',
        helpText: 'A campaign of this sub-account (Marketing → Campaigns). Pick one, or map a **Campaign ID**.',
      },
    ],
    prepare: (input, contactId) => {
      const campaignId = requiredId(input.campaignId, 'Campaign');
      const path = ghlPath`/contacts/${contactId}/campaigns/${campaignId}`;
      const what = add ? `add contact ${contactId} to campaign ${campaignId}` : `remove contact ${contactId} from campaign ${campaignId}`;
      const result = (data: any, z: ZObject) => (checkSucceeded(data, z, what), enrolment(contactId, 'campaignId', campaignId, direction));
      // The add endpoint requires a JSON body without properties; the remove endpoint takes none.
      return add ? { method: 'POST', path, body: {}, result } : { method: 'DELETE', path, result };
    },
    sample: enrolment(CONTACT_ID, 'campaignId', CAMPAIGN_ID, direction),
    outputFields: enrolmentOutputFields('campaignId', 'Campaign ID'),
  });
}

/** Add Contact to Workflow (optional event start time) / Remove Contact from Workflow. */
export function workflowAction<const K extends string>(key: K, direction: Direction) {
  const add = direction === 'add';
  const workflowField: PlainInputField = {
    key: 'workflowId',
    label: 'Workflow',
    type: 'string',
    required: true,
    dynamic: 'workflow_list.id.name',
    helpText: 'A workflow of this sub-account (Automation → Workflows). Pick one, or map a **Workflow ID**. Only published workflows run.',
  };
  const startField: PlainInputField = {
    key: 'eventStartTime',
    label: 'Event Start Time',
    type: 'datetime',
    required: false,
    helpText:
      'Optional. The date and time of the event the workflow counts from (for steps such as "wait until 1 day before the event"), ' +
      'e.g. an appointment time mapped from an earlier step. Leave empty to start the workflow now.',
  };
  return contactAction({
    key,
    noun: 'Workflow',
    label: add ? 'Add Contact to Workflow' : 'Remove Contact from Workflow',
    description: add
      ? 'Adds a contact to a workflow, which starts the workflow for that contact.'
      : 'Removes a contact from a workflow, stopping its remaining steps for that contact.',
    fields: add ? [workflowField, startField] : [workflowField],
    prepare: (input, contactId) => {
      const workflowId = requiredId(input.workflowId, 'Workflow');
      const start = add && input.eventStartTime !== undefined ? toIsoSeconds(input.eventStartTime, 'Event Start Time') : undefined;
      const what = add ? `add contact ${contactId} to workflow ${workflowId}` : `remove contact ${contactId} from workflow ${workflowId}`;
      return {
        method: add ? 'POST' : 'DELETE',
        path: ghlPath`/contacts/${contactId}/workflow/${workflowId}`,
        // Both endpoints declare a required JSON body (on DELETE too).
        body: start ? { eventStartTime: start } : {},
        result: (data, z) => {
          checkSucceeded(data, z, what);
          return { ...enrolment(contactId, 'workflowId', workflowId, direction), ...(start ? { eventStartTime: start } : {}) };
        },
      };
    },
    sample: { ...enrolment(CONTACT_ID, 'workflowId', WORKFLOW_ID, direction), ...(add ? { eventStartTime: '2026-11-20T15:00:00Z' } : {}) },
    outputFields: [
      ...enrolmentOutputFields('workflowId', 'Workflow ID'),
      ...(add ? [{ key: 'eventStartTime', label: 'Event Start Time', type: 'datetime' } as PlainOutputField] : []),
    ],
  });
}

// ---- followers ---------------------------------------------------------------------------------------------

/** Add Followers to Contact / Remove Followers from Contact: user ids in `followers`. */
export function followerAction<const K extends string>(key: K, direction: Direction) {
  const add = direction === 'add';
  const changed = add ? 'followersAdded' : 'followersRemoved';
  return contactAction({
    key,
    noun: 'Follower',
    label: add ? 'Add Followers to Contact' : 'Remove Followers from Contact',
    description: add
      ? 'Adds users of the sub-account as followers of a contact, keeping its current followers.'
      : 'Removes users from the followers of a contact, keeping its other followers.',
    fields: [followersField()],
    prepare: (input, contactId) => {
      const followers = parseList(input.followers);
      if (!followers.length) throw inputError('Followers', 'needs at least one user: pick users from the dropdown or map User IDs.');
      return {
        method: add ? 'POST' : 'DELETE',
        path: ghlPath`/contacts/${contactId}/followers`,
        body: { followers },
        result: (data) => ({
          contactId,
          followers: Array.isArray(data.followers) ? data.followers : [],
          [changed]: Array.isArray(data[changed]) ? data[changed] : [],
        }),
      };
    },
    sample: {
      contactId: CONTACT_ID,
      followers: add ? ['hxHGVRb1YJUscrCB8eXK', 'Mx6wyHhbFdRXh302Luer'] : ['hxHGVRb1YJUscrCB8eXK'],
      [changed]: ['Mx6wyHhbFdRXh302Luer'],
    },
    outputFields: [
      { key: 'contactId', label: 'Contact ID' },
      { key: 'followers', label: 'Follower User IDs (After the Change)', list: true },
      { key: changed, label: add ? 'Followers Added (User IDs)' : 'Followers Removed (User IDs)', list: true },
    ],
  });
}

// ---- dropdowns ---------------------------------------------------------------------------------------------

/**
 * Campaign/workflow dropdown choices, sorted by name: `{ id, name }` where the name shows the status when it is
 * not `live` (e.g. "Spring Promo (draft)"), so nobody picks a draft by mistake.
 */
export function dropdownChoices(items: { id: string; name?: string; status?: string }[], live: string): { id: string; name: string }[] {
  return items
    .filter((i) => i && i.id)
    .map((i) => {
      const name = String(i.name ?? '').trim() || i.id;
      return { id: i.id, name: i.status && i.status !== live ? `${name} (${i.status})` : name };
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
