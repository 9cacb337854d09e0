/**
 * The sandbox's starting world: one agency (company), the sub-account the app connects to (a dental practice
 * with users, calendars, custom fields, tags, a campaign, workflows, a few contacts with tasks, notes and an
 * appointment), a second, almost empty sub-account for "token of another location" checks and for agency
 * connections (its one custom field shares a key with the main one), and a third where the app is not installed.
 * The ids of the main records are fixed (the same ones the unit tests use), the rest come from the store's
 * seeded generator, so every run looks the same.
 */
import type { Store } from './store.ts';

export const SEED = {
  companyId: 'Zfx6Gm8hVDtlY5pdPwzo',
  locationId: 've9EPM428h8vShlRW1KT',
  otherLocationId: 'Qm3RkT9vXw2LpN8sYb4C',
  /** a third sub-account of the agency where the app is NOT installed (agency connections cannot open it) */
  uninstalledLocationId: 'Lp6WsX2cV9bN4mQ7rT1y',
  /** Harbor Fitness's own "Preferred Appointment Time" field: same key as Bright Smile's, another id */
  otherPreferredTime: 'Cf9Hf1Pt2Rr3Ee4Ff5Tt',
  /** the agency admin who installs the app (the token's userId) */
  userId: 'hxHGVRb1YJUscrCB8eXK',
  users: { maya: 'hxHGVRb1YJUscrCB8eXK', daniel: 'Bq7TnW2xKd9LmR4sVp1Z', sofia: 'Yc5HjN8rTf3QwE6uPa2M' },
  calendars: { consultation: 'Cw8Pz4LkR2nT6yHq9XsV', cleaning: 'Dn3Fq7MvB1sJ5kLp8RtY' },
  groupId: 'Gk2Lm9Np4Qr7St1Uv6Wx',
  campaignId: 'Ca4Rb8Tc2Vd6Xe9Zf1Gh',
  workflows: { welcome: 'Wf7Hk3Mn9Pq2Rs5Tv8Xy', reminder: 'Wr2Jk6Lm0Np4Qs8Tu1Vw' },
  customFields: {
    preferredTime: 'Cf1Aa2Bb3Cc4Dd5Ee6Ff',
    insurance: 'Cf2Gg3Hh4Ii5Jj6Kk7Ll',
    lifetimeValue: 'Cf3Mm4Nn5Oo6Pp7Qq8Rr',
    visits: 'Cf4Ss5Tt6Uu7Vv8Ww9Xx',
    services: 'Cf5Yy6Zz7Aa8Bb9Cc0Dd',
    lastVisit: 'Cf6Ee7Ff8Gg9Hh0Ii1Jj',
    intakeNotes: 'Cf7Kk8Ll9Mm0Nn1Oo2Pp',
    dealSource: 'Cf8Qq9Rr0Ss1Tt2Uu3Vv',
  },
  contacts: { ada: 'Ct1AdaLovelace000001', grace: 'Ct2GraceHopper000002', alan: 'Ct3AlanTuring0000003' },
  /** the business (company record) Ada belongs to */
  businessId: '6578278e879ad2646715ba9c',
} as const;

const DAY = 86_400_000;

export interface SeedOptions {
  /** extra generated contacts in the main location (benchmarks: 100000) */
  contacts?: number;
  allowDuplicateContact?: boolean;
}

export function seed(store: Store, options: SeedOptions = {}): void {
  const now = store.now();
  store.companies.set(SEED.companyId, {
    id: SEED.companyId,
    name: 'Summit Growth Agency',
    email: 'hello@summitgrowth.example',
    phone: '+13125550100',
  });

  const main = store.addLocation({
    id: SEED.locationId,
    companyId: SEED.companyId,
    name: 'Bright Smile Dental',
    address: '1200 W Lake St',
    city: 'Chicago',
    state: 'IL',
    country: 'US',
    postalCode: '60607',
    website: 'https://brightsmile.example',
    timezone: 'America/Chicago',
    firstName: 'Maya',
    lastName: 'Patel',
    email: 'frontdesk@brightsmile.example',
    phone: '+13125550142',
    settings: {
      allowDuplicateContact: options.allowDuplicateContact ?? false,
      allowDuplicateOpportunity: false,
      allowFacebookNameMerge: false,
      disableContactTimezone: false,
    },
    duplicateOrder: ['email', 'phone'],
    active: true,
  });
  const other = store.addLocation({
    id: SEED.otherLocationId,
    companyId: SEED.companyId,
    name: 'Harbor Fitness Studio',
    address: '88 Pier Ave',
    city: 'Santa Monica',
    state: 'CA',
    country: 'US',
    postalCode: '90405',
    website: 'https://harborfitness.example',
    timezone: 'America/Los_Angeles',
    firstName: 'Maya',
    lastName: 'Patel',
    email: 'team@harborfitness.example',
    phone: '+13105550177',
    settings: {
      allowDuplicateContact: true,
      allowDuplicateOpportunity: false,
      allowFacebookNameMerge: false,
      disableContactTimezone: false,
    },
    duplicateOrder: ['email', 'phone'],
    active: true,
  });

  // The agency's third sub-account: the app is not installed there (an agency connection cannot open it).
  store.addLocation({
    ...other.location,
    id: SEED.uninstalledLocationId,
    name: 'Lakeside Pediatrics',
    address: '410 Shore Dr',
    city: 'Milwaukee',
    state: 'WI',
    postalCode: '53202',
    website: 'https://lakesidepeds.example',
    timezone: 'America/Chicago',
    email: 'office@lakesidepeds.example',
    phone: '+14145550190',
    settings: { ...other.location.settings },
    duplicateOrder: ['email', 'phone'],
    appInstalled: false,
  });

  const { maya, daniel, sofia } = SEED.users;
  store.users.set(maya, {
    id: maya,
    companyId: SEED.companyId,
    firstName: 'Maya',
    lastName: 'Patel',
    email: 'maya@summitgrowth.example',
    phone: '+13125550111',
    role: 'admin',
    locationIds: [main.location.id, other.location.id],
    deleted: false,
  });
  store.users.set(daniel, {
    id: daniel,
    companyId: SEED.companyId,
    firstName: 'Daniel',
    lastName: 'Kim',
    email: 'daniel@brightsmile.example',
    phone: '+13125550122',
    role: 'user',
    locationIds: [main.location.id],
    deleted: false,
  });
  store.users.set(sofia, {
    id: sofia,
    companyId: SEED.companyId,
    firstName: 'Sofia',
    lastName: 'Alvarez',
    email: 'sofia@brightsmile.example',
    phone: '+13125550133',
    role: 'user',
    locationIds: [main.location.id],
    deleted: false,
  });

  main.groups.set(SEED.groupId, {
    id: SEED.groupId,
    locationId: main.location.id,
    name: 'Front Desk',
    slug: 'front-desk',
    description: 'Calendars the front desk books',
    isActive: true,
  });
  main.calendars.set(SEED.calendars.consultation, {
    id: SEED.calendars.consultation,
    locationId: main.location.id,
    groupId: SEED.groupId,
    name: 'Initial Consultation',
    description: 'A 30-minute first visit with one of our dentists.',
    slug: 'initial-consultation',
    calendarType: 'round_robin',
    teamMembers: [
      { userId: daniel, priority: 0.5, isPrimary: true },
      { userId: sofia, priority: 0.5, isPrimary: false },
    ],
    slotDuration: 30,
    openHours: [
      { daysOfTheWeek: [1, 2, 3, 4, 5], hours: [{ openHour: 8, openMinute: 0, closeHour: 18, closeMinute: 0 }] },
      { daysOfTheWeek: [6], hours: [{ openHour: 9, openMinute: 0, closeHour: 13, closeMinute: 0 }] },
    ],
    eventColor: '#039be5',
    isActive: true,
  });
  main.calendars.set(SEED.calendars.cleaning, {
    id: SEED.calendars.cleaning,
    locationId: main.location.id,
    name: 'Teeth Cleaning',
    description: 'Hygienist appointment, one hour.',
    slug: 'teeth-cleaning',
    calendarType: 'event',
    teamMembers: [{ userId: maya, priority: 1, isPrimary: true }],
    slotDuration: 60,
    openHours: [{ daysOfTheWeek: [1, 2, 3, 4, 5], hours: [{ openHour: 8, openMinute: 0, closeHour: 17, closeMinute: 0 }] }],
    eventColor: '#33b679',
    isActive: true,
  });

  const cf = SEED.customFields;
  const fields = [
    {
      id: cf.preferredTime,
      name: 'Preferred Appointment Time',
      key: 'preferred_appointment_time',
      dataType: 'SINGLE_OPTIONS',
      picklistOptions: ['Morning', 'Afternoon', 'Evening'],
    },
    { id: cf.insurance, name: 'Insurance Provider', key: 'insurance_provider', dataType: 'TEXT' },
    { id: cf.lifetimeValue, name: 'Lifetime Value', key: 'lifetime_value', dataType: 'MONETORY' },
    { id: cf.visits, name: 'Number of Visits', key: 'number_of_visits', dataType: 'NUMERICAL' },
    {
      id: cf.services,
      name: 'Services Interested In',
      key: 'services_interested_in',
      dataType: 'CHECKBOX',
      picklistOptions: ['Cleaning', 'Whitening', 'Invisalign', 'Implants'],
    },
    { id: cf.lastVisit, name: 'Last Visit Date', key: 'last_visit_date', dataType: 'DATE' },
    { id: cf.intakeNotes, name: 'Notes From Intake', key: 'notes_from_intake', dataType: 'LARGE_TEXT' },
  ] as const;
  fields.forEach((f, position) => {
    main.customFields.set(f.id, {
      id: f.id,
      locationId: main.location.id,
      name: f.name,
      fieldKey: `contact.${f.key}`,
      placeholder: f.name,
      dataType: f.dataType,
      position: position * 50,
      ...('picklistOptions' in f ? { picklistOptions: [...f.picklistOptions] } : {}),
      model: 'contact',
    });
  });
  main.customFields.set(cf.dealSource, {
    id: cf.dealSource,
    locationId: main.location.id,
    name: 'Deal Source',
    fieldKey: 'opportunity.deal_source',
    placeholder: 'Deal Source',
    dataType: 'TEXT',
    position: 0,
    model: 'opportunity',
  });

  for (const tag of ['new lead', 'vip', 'newsletter', 'invisalign', 'follow up']) store.ensureTag(main, tag);
  // Harbor Fitness has a field with the same key as Bright Smile's and its own id: Zaps shared across
  // sub-accounts address custom fields by key, never by id.
  other.customFields.set(SEED.otherPreferredTime, {
    id: SEED.otherPreferredTime,
    locationId: other.location.id,
    name: 'Preferred Class Time',
    fieldKey: 'contact.preferred_appointment_time',
    placeholder: 'Preferred Class Time',
    dataType: 'TEXT',
    position: 0,
    model: 'contact',
  });

  main.campaigns.set(SEED.campaignId, {
    id: SEED.campaignId,
    locationId: main.location.id,
    name: 'Spring Whitening Promo',
    status: 'published',
  });
  main.workflows.set(SEED.workflows.welcome, {
    id: SEED.workflows.welcome,
    locationId: main.location.id,
    name: 'New Patient Welcome',
    status: 'published',
    version: 3,
    createdAt: now - 200 * DAY,
    updatedAt: now - 20 * DAY,
  });
  main.workflows.set(SEED.workflows.reminder, {
    id: SEED.workflows.reminder,
    locationId: main.location.id,
    name: 'Appointment Reminder',
    status: 'draft',
    version: 1,
    createdAt: now - 90 * DAY,
    updatedAt: now - 90 * DAY,
  });

  const ada = store.createContact(
    main,
    {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@analytical.example',
      phone: '+13125550191',
      companyName: 'Analytical Engines',
      source: 'Website Form',
      tags: ['vip', 'invisalign'],
      city: 'Chicago',
      state: 'IL',
      country: 'US',
      postalCode: '60607',
      address1: '1 Engine Row',
      dateOfBirth: '1985-12-10',
      assignedTo: daniel,
      customFields: [
        { id: cf.preferredTime, field_value: 'Morning' },
        { id: cf.visits, field_value: 4 },
        { id: cf.services, field_value: ['Invisalign', 'Whitening'] },
      ],
    },
    { id: SEED.contacts.ada, dateAdded: now - 30 * DAY },
  );
  const grace = store.createContact(
    main,
    {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@cobol.example',
      phone: '+13125550192',
      source: 'Facebook Lead Ad',
      tags: ['new lead'],
      assignedTo: sofia,
      customFields: [{ id: cf.insurance, field_value: 'Delta Dental' }],
    },
    { id: SEED.contacts.grace, dateAdded: now - 7 * DAY },
  );
  const alan = store.createContact(
    main,
    { firstName: 'Alan', lastName: 'Turing', email: 'alan@enigma.example', source: 'Zapier', tags: ['newsletter'], dnd: true },
    { id: SEED.contacts.alan, dateAdded: now - DAY },
  );
  ada.dateUpdated = now - 2 * DAY;
  grace.dateUpdated = now - 7 * DAY + 3_600_000;
  alan.dateUpdated = now - DAY;
  ada.businessId = SEED.businessId;
  ada.followers.push(maya);
  ada.campaigns.push(SEED.campaignId);

  const taskId = store.newId();
  main.tasks.set(taskId, {
    id: taskId,
    locationId: main.location.id,
    contactId: ada.id,
    title: 'Call about Invisalign quote',
    body: 'She asked for financing options.',
    assignedTo: daniel,
    dueDate: new Date(now + 2 * DAY).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    completed: false,
    dateAdded: now - 3 * DAY,
    dateUpdated: now - 3 * DAY,
  });
  const doneId = store.newId();
  main.tasks.set(doneId, {
    id: doneId,
    locationId: main.location.id,
    contactId: grace.id,
    title: 'Send new patient forms',
    assignedTo: sofia,
    dueDate: new Date(now - DAY).toISOString(),
    completed: true,
    dateAdded: now - 6 * DAY,
    dateUpdated: now - DAY,
  });
  const noteId = store.newId();
  main.notes.set(noteId, {
    id: noteId,
    locationId: main.location.id,
    contactId: ada.id,
    body: 'Prefers early morning appointments; allergic to latex.',
    userId: maya,
    dateAdded: now - 10 * DAY,
  });

  const start = Math.ceil((now + DAY) / 3_600_000) * 3_600_000;
  const apptId = store.newId();
  main.appointments.set(apptId, {
    id: apptId,
    locationId: main.location.id,
    calendarId: SEED.calendars.consultation,
    contactId: ada.id,
    groupId: SEED.groupId,
    title: 'Initial Consultation - Ada Lovelace',
    appointmentStatus: 'confirmed',
    assignedUserId: daniel,
    users: [daniel],
    address: 'Bright Smile Dental, 1200 W Lake St',
    notes: '',
    meetingLocationType: 'address',
    startTime: start,
    endTime: start + 30 * 60_000,
    dateAdded: now - 5 * DAY,
    dateUpdated: now - 5 * DAY,
    createdBy: { userId: maya, source: 'web_app' },
  });

  if (options.contacts)
    store.addContacts(options.contacts, { endMs: now - 2 * DAY, stepMs: Math.max(1000, Math.floor((300 * DAY) / options.contacts)) });
}
