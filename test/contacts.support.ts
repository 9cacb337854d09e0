/** Fixtures and helpers shared by the contacts tests (test/contacts.*.test.ts). */
import { LOCATION_ID, appTester, ghlApi } from './helpers.js';

export const CONTACT_ID = 'seD4PfOuKoVMLkEZqohJ';

/** The sub-account's contact custom field definitions, as GET /locations/{id}/customFields?model=contact returns them. */
export const CUSTOM_FIELDS = [
  {
    id: 'MgobCB14YMVKuE4Ka8p1',
    name: 'Pincode',
    fieldKey: 'contact.pincode',
    placeholder: 'Pin code',
    dataType: 'TEXT',
    position: 0,
    picklistOptions: [],
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Kx8cnQ2vTz7uLw4bE1aR',
    name: 'Budget',
    fieldKey: 'contact.budget',
    dataType: 'MONETORY',
    position: 50,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'p3RfYh6WqLm2nZs9dC0e',
    name: 'Seats',
    fieldKey: 'contact.seats',
    dataType: 'NUMERICAL',
    position: 100,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Jd7sKe2LwQ9zXc4vBn1m',
    name: 'Renewal Date',
    fieldKey: 'contact.renewal_date',
    dataType: 'DATE',
    position: 150,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Tq5wEr8tYu1iOp3aSd6f',
    name: 'Plan',
    fieldKey: 'contact.plan',
    dataType: 'SINGLE_OPTIONS',
    picklistOptions: ['Basic', 'Pro'],
    position: 200,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Gh2jKl4zXc6vBn8mQw0e',
    name: 'Interests',
    fieldKey: 'contact.interests',
    dataType: 'CHECKBOX',
    picklistOptions: ['SEO', 'Ads', 'Email'],
    position: 250,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Rt9yUi3oPa5sDf7gHj1k',
    name: 'Contract',
    fieldKey: 'contact.contract',
    dataType: 'FILE_UPLOAD',
    isMultiFileAllowed: false,
    maxFileLimit: 1,
    position: 300,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Zx1cVb3nMq5wEr7tYu9i',
    name: 'Backstory',
    fieldKey: 'contact.backstory',
    dataType: 'LARGE_TEXT',
    position: 350,
    locationId: LOCATION_ID,
    model: 'contact',
  },
  {
    id: 'Wq2eRt4yUi6oPa8sDf0g',
    name: 'Referral Email',
    fieldKey: 'contact.referral_email',
    dataType: 'EMAIL',
    position: 400,
    locationId: LOCATION_ID,
    model: 'contact',
  },
];

/** Expects the custom field definitions request `times` times. */
export const mockCustomFields = (times = 1, customFields: unknown[] = CUSTOM_FIELDS) =>
  ghlApi().get(`/locations/${LOCATION_ID}/customFields`).query({ model: 'contact' }).times(times).reply(200, { customFields });

/** A contact as GET /contacts/{id}, create, update and upsert return it. */
export const rawContact = (extra: Record<string, unknown> = {}) => ({
  id: CONTACT_ID,
  locationId: LOCATION_ID,
  name: 'Maria Lopez',
  firstName: 'Maria',
  lastName: 'Lopez',
  firstNameLowerCase: 'maria',
  lastNameLowerCase: 'lopez',
  fullNameLowerCase: 'maria lopez',
  email: 'maria.lopez@example.com',
  emailLowerCase: 'maria.lopez@example.com',
  phone: '+15550102030',
  companyName: 'Lopez Landscaping',
  address1: '3535 1st St N',
  city: 'Dolomite',
  state: 'AL',
  postalCode: '35061',
  country: 'US',
  website: 'https://www.lopezlandscaping.example',
  timezone: 'America/Chicago',
  dateOfBirth: '1990-09-25T00:00:00.000Z',
  source: 'Zapier',
  type: 'lead',
  assignedTo: 'y0BeYjuRIlDwsDcOHOJo',
  tags: ['newsletter'],
  dnd: false,
  dndSettings: { SMS: { status: 'active', message: 'Opted out by reply STOP', code: '' }, Email: { status: 'inactive' } },
  dateAdded: '2026-11-20T15:04:05.704Z',
  dateUpdated: '2026-11-21T09:30:12.000Z',
  customFields: [
    { id: 'MgobCB14YMVKuE4Ka8p1', value: '35061' },
    { id: 'p3RfYh6WqLm2nZs9dC0e', value: 12 },
  ],
  ...extra,
});

/** The same contact as an item of POST /contacts/search (highlevel-api.md §4.5: `address`, epoch dateOfBirth, no dndSettings). */
export const rawSearchItem = (extra: Record<string, unknown> = {}) => ({
  id: CONTACT_ID,
  locationId: LOCATION_ID,
  contactName: 'maria lopez',
  firstNameLowerCase: 'maria',
  lastNameLowerCase: 'lopez',
  firstName: 'Maria',
  lastName: 'Lopez',
  email: 'maria.lopez@example.com',
  phone: '+15550102030',
  companyName: 'Lopez Landscaping',
  address: '3535 1st St N',
  city: 'Dolomite',
  state: 'AL',
  postalCode: '35061',
  country: 'US',
  dateOfBirth: 654220800000,
  tags: ['newsletter'],
  dnd: false,
  dateAdded: '2026-11-20T15:04:05.704Z',
  dateUpdated: '2026-11-21T09:30:12.000Z',
  customFields: [{ id: 'MgobCB14YMVKuE4Ka8p1', value: '35061' }],
  additionalEmails: [],
  followers: [],
  searchAfter: [1763651045704, CONTACT_ID],
  ...extra,
});

/** Starts the next test with an empty z.cache (appTester keeps it for the whole file otherwise). */
export const clearZCache = () => {
  (appTester as any).zcacheTestObj = {};
};
