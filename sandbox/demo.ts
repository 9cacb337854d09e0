/**
 * `npm start` (node sandbox/demo.ts, after `npm run build`): the integration end to end without a HighLevel account.
 *
 * It starts the sandbox in this process, points the BUILT app (`dist/index.js`) at it (GHL_API_BASE_URL,
 * GHL_MARKETPLACE_URL, CLIENT_ID, CLIENT_SECRET) and drives it through zapier-platform-core's app tester, as Zapier
 * would:
 *   1. connect: authorizeUrl → the sandbox's consent page (`&auto=1` stands in for the click) → code →
 *      getAccessToken → test → connectionLabel;
 *   2. turn the Zaps on: each polling trigger polls once with `isPopulatingDedupe` (what it returns now never fires);
 *   3. the seed sync flows: a new lead → Create or Update Contact → Add Tags → Create Task → Mark Task Completed →
 *      Create Task (follow-up) → Create Note → Find Free Slots → Create Appointment (in the slot found);
 *      Find Appointments → Update Appointment;
 *   4. poll again: only items whose dedupe key (id, or the trigger's primary output fields) is new fire;
 *   4b. instant triggers: the sandbox pushed HighLevel's signed webhooks for the flows' changes to the webhook relay
 *      (relay/, embedded store, started here), which delivered them to a local stand-in for Zapier's hook URLs;
 *      each instant trigger (turned on in step 2 through performSubscribe) fires once per change, with its latency
 *      from the change to the hook; one is turned off (performUnsubscribe) and nothing more arrives for it;
 *   5. token refresh: the sandbox clock passes the access token's expiry → RefreshAuthError → refreshAccessToken
 *      (as Zapier does) → retry; the rotated-out refresh token is then refused.
 * One line per step (requests counted at the sandbox), a summary table, exit code 1 if any step failed.
 */
import { NEW_LEAD } from './cases.ts';
import { startInstantRig, type Hit } from './instant.ts';
import { SEED, startSandbox } from './server.ts';
import { stepMeta } from './zapier.ts';

// Developer mode, as under `zapier-platform test`: core runs its response checks (a trigger item without an id, a
// create that returns no object… fail the step) and skips the production memory log. Set before core loads.
process.env.NODE_ENV = 'test';
const zapier = (await import('zapier-platform-core')).default;

const started = performance.now();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const green = paint('32');
const red = paint('31');
const dim = paint('2');
const bold = paint('1');

// ---------------------------------------------------------------------------------------------- the sandbox

interface Seen {
  method: string;
  path: string;
  status: number;
}
const requests: Seen[] = [];
const sandboxErrors: string[] = [];
const sandbox = await startSandbox({
  port: 0,
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  log: (line) => {
    const m = /^(\w+) (\S+) → (\d+)/.exec(line);
    if (m) requests.push({ method: m[1]!, path: m[2]!.split('?')[0]!, status: Number(m[3]) });
    else sandboxErrors.push(line);
  },
});
process.env.GHL_API_BASE_URL = sandbox.url;
process.env.GHL_MARKETPLACE_URL = sandbox.url;
process.env.CLIENT_ID = sandbox.oauth.config.clientId;
process.env.CLIENT_SECRET = sandbox.oauth.config.clientSecret;
// The webhook relay (embedded store) and a local stand-in for Zapier's hook URLs; the sandbox pushes its webhooks there.
const rig = await startInstantRig(sandbox);
process.env.RELAY_URL = rig.relayUrl;
process.env.RELAY_SECRET = rig.secret;

// The built app, exactly what `zapier-platform push` uploads (a non-literal specifier: dist/ need not exist for tsc).
const App = (await import(new URL('../dist/index.js', import.meta.url).href)).default as Record<string, any>;
const appTester = zapier.createAppTester(App as any) as ((fn: unknown, bundle: Record<string, unknown>) => Promise<any>) & {
  zcacheTestObj: Record<string, unknown>;
};
// The same module instance the app uses: forgets the rotated pair a refresh keeps for a concurrent run (120 s).
const { forgetRotations } = (await import(new URL('../dist/authentication.js', import.meta.url).href)) as { forgetRotations: () => void };
const oauth = App.authentication.oauth2Config;

let authData: Record<string, any> = {};
const meta = stepMeta;
const bundle = (inputData: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  authData: { ...authData },
  inputData,
  meta: meta(extra),
});
const run = (
  group: 'triggers' | 'creates' | 'searches',
  key: string,
  inputData: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => {
  const op = App[group][key];
  if (!op) throw new Error(`the app has no ${group}.${key}`);
  return appTester(op.operation.perform, bundle(inputData, extra));
};

// ---------------------------------------------------------------------------------------------- steps

interface Row {
  phase: string;
  step: string;
  ok: boolean;
  result: string;
  requests: number;
  ms: number;
}
const rows: Row[] = [];
let phase = '';
const MAX_LINE = 150;
const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function section(title: string): void {
  phase = title;
  console.log(`\n${bold(title)}`);
}

/** Runs one step; `fn` returns what happened (one line). A thrown error fails the step (and the run). */
async function step(name: string, fn: () => Promise<string>): Promise<boolean> {
  await settle();
  const before = requests.length;
  const t = performance.now();
  let ok = true;
  let result: string;
  try {
    result = await fn();
  } catch (e) {
    ok = false;
    const err = e as Error;
    result = `${err.name ?? 'Error'}: ${err.message}`.replace(/\s+/g, ' ');
  }
  await settle();
  const ms = performance.now() - t;
  const made = requests.slice(before);
  rows.push({ phase, step: name, ok, result, requests: made.length, ms });
  const endpoints = made.map((r) => `${r.method} ${r.path} ${r.status}`);
  const cost = `${made.length} req`;
  console.log(
    `  ${ok ? green('✓') : red('✗')} ${name.padEnd(34)} ${short(result, MAX_LINE - 50)} ${dim(`(${cost}, ${ms.toFixed(0)} ms)`)}`,
  );
  if (endpoints.length) console.log(dim(`      ${short(endpoints.join(' · '), MAX_LINE)}`));
  return ok;
}

/** The sandbox logs a request when its answer is written; one turn of the event loop lets every log line land. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`unexpected: ${message}`);
}

/** Expects the promise to fail with `name`; returns the error. */
async function failsWith(promise: Promise<unknown>, name: string): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error;
    expect(err.name === name, `expected ${name}, got ${err.name}: ${err.message}`);
    return err;
  }
  throw new Error(`unexpected: expected ${name}, but the call succeeded`);
}

// ---------------------------------------------------------------------------------------------- Zapier's dedupe

const TRIGGERS: { key: string; label: string; inputData: Record<string, unknown> }[] = [
  { key: 'new_contact', label: 'New Contact', inputData: {} },
  { key: 'updated_contact', label: 'Updated Contact', inputData: {} },
  { key: 'tag_added', label: 'Tag Added to Contact', inputData: { tag: 'new lead' } },
  { key: 'new_task', label: 'New Task', inputData: {} },
  { key: 'task_completed', label: 'Task Completed', inputData: {} },
  { key: 'new_note', label: 'New Note', inputData: {} },
  { key: 'new_appointment', label: 'New Appointment', inputData: { calendarId: SEED.calendars.consultation } },
  { key: 'appointment_updated', label: 'Appointment Updated', inputData: { calendarId: SEED.calendars.consultation } },
];

/** The instant twins, with the same filters (Updated Contact watches City: the flows change it once). */
const INSTANT: { key: string; label: string; inputData: Record<string, unknown>; want: () => (string | undefined)[] }[] = [
  { key: 'new_contact_instant', label: 'New Contact (Instant)', inputData: {}, want: () => [ids.contact] },
  { key: 'updated_contact_instant', label: 'Updated Contact (Instant)', inputData: { watchField: 'city' }, want: () => [ids.contact] },
  { key: 'tag_added_instant', label: 'Tag Added (Instant)', inputData: { tag: 'new lead' }, want: () => [ids.contact] },
  { key: 'new_task_instant', label: 'New Task (Instant)', inputData: {}, want: () => [ids.task, ids.followUp] },
  { key: 'task_completed_instant', label: 'Task Completed (Instant)', inputData: {}, want: () => [ids.task] },
  { key: 'new_note_instant', label: 'New Note (Instant)', inputData: {}, want: () => [ids.note] },
  {
    key: 'new_appointment_instant',
    label: 'New Appointment (Instant)',
    inputData: { calendarId: SEED.calendars.consultation },
    want: () => [ids.appointment],
  },
  {
    key: 'appointment_updated_instant',
    label: 'Appointment Updated (Instant)',
    inputData: { calendarId: SEED.calendars.consultation },
    want: () => [ids.adaAppointment],
  },
];
const subscriptions = new Map<string, Record<string, unknown>>();
const hookBundle = (key: string, inputData: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...bundle(inputData),
  targetUrl: rig.hookUrl(key),
  subscribeData: subscriptions.get(key),
  ...extra,
});

/** The dedupe key Zapier uses: the primary output fields when the trigger declares some, else `id`. */
function dedupeKey(key: string): (item: Record<string, unknown>) => string {
  const fields = (App.triggers[key].operation.outputFields ?? []) as unknown[];
  const primary = fields
    .filter((f): f is { key: string; primary: true } => typeof f === 'object' && f !== null && (f as any).primary === true)
    .map((f) => f.key);
  const keys = primary.length ? primary : ['id'];
  return (item) => keys.map((k) => JSON.stringify(item[k] ?? null)).join('|');
}
const dedupe = new Map<string, Set<string>>();
const fired = new Map<string, Record<string, any>[]>();

function describeItem(key: string, item: Record<string, any>): string {
  switch (key) {
    case 'new_contact':
    case 'updated_contact':
    case 'tag_added':
      return `${[item.firstName, item.lastName].filter(Boolean).join(' ') || item.email} ${item.id}${item.tag ? ` +${item.tag}` : ''}`;
    case 'new_task':
    case 'task_completed':
      return `"${item.title}" ${item.id}`;
    case 'new_note':
      return `"${short(String(item.bodyText ?? item.body ?? ''), 30)}" ${item.id}`;
    default:
      return `${item.title ?? ''} ${item.appointmentStatus ?? ''} ${item.startTime ?? ''} ${item.id}`.trim();
  }
}

// ---------------------------------------------------------------------------------------------- the run

const redirectUri = 'https://zapier.com/dashboard/auth/oauth/return/App000000CLIAPI/';
const ids: Record<string, string> = {};
const inDays = (days: number, hour: number) => {
  // a wall-clock time in the location's zone (America/Chicago), as a user types it: "2026-11-23 10:00"
  const d = new Date(Date.now() + days * 86_400_000);
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(d);
  return `${ymd} ${String(hour).padStart(2, '0')}:00`;
};

console.log(
  `${bold('HighLevel for Zapier — demo against the local sandbox')} ${dim(`(${sandbox.url}, ready in ${sandbox.readyMs.toFixed(0)} ms; app: dist/index.js, zapier-platform-core ${zapier.version})`)}`,
);

section('1. Connect HighLevel (OAuth2, as Zapier runs it)');
let authorizeUrl = '';
let code = '';
const state = 'demo-state-7f3a';
await step('authorizeUrl', async () => {
  authorizeUrl = await appTester(oauth.authorizeUrl, { inputData: { state, redirect_uri: redirectUri } });
  const url = new URL(authorizeUrl);
  expect(url.origin === sandbox.url && url.pathname === '/v2/oauth/chooselocation', `authorize URL ${authorizeUrl}`);
  return `${url.pathname}, ${url.searchParams.get('scope')!.split(' ').length} scopes, client ${url.searchParams.get('client_id')}`;
});
await step('consent page (auto=1 = "Allow")', async () => {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  expect(page.status === 200 && html.includes('id="allow"'), 'the consent page has an Allow button');
  const res = await fetch(`${authorizeUrl}&auto=1&locationId=${SEED.locationId}`, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  expect(res.status === 302 && location.href.startsWith(redirectUri), `302 to the redirect URI, got ${res.status}`);
  expect(location.searchParams.get('state') === state, 'state comes back unchanged');
  code = location.searchParams.get('code') ?? '';
  return `page shows "Allow & continue"; 302 → redirect URI with code ${code.slice(0, 8)}… and state`;
});
await step('getAccessToken', async () => {
  authData = await appTester(oauth.getAccessToken, { inputData: { code, state, redirect_uri: redirectUri } });
  expect(authData.access_token && authData.refresh_token && authData.locationId === SEED.locationId, 'tokens and the sub-account');
  return `access + refresh token; location ${authData.locationId}, company ${authData.companyId}, user ${authData.userId}`;
});
let location: Record<string, any> = {};
await step('test', async () => {
  location = await appTester(App.authentication.test, bundle());
  return `GET location → "${location.name}" (${location.timezone})`;
});
await step('connectionLabel', async () => {
  const label = await appTester(App.authentication.connectionLabel, { authData, inputData: location, meta: meta() });
  expect(label === 'Bright Smile Dental', `label ${label}`);
  return `"${label}"`;
});

section('2. Turn the Zaps on (first poll seeds the dedupe table; nothing fires)');
for (const t of TRIGGERS) {
  await step(`${t.label} (seed)`, async () => {
    const items: Record<string, any>[] = await run('triggers', t.key, t.inputData, { isPopulatingDedupe: true });
    const keyOf = dedupeKey(t.key);
    dedupe.set(t.key, new Set(items.map(keyOf)));
    return `${items.length} existing item(s) remembered`;
  });
}

for (const t of INSTANT) {
  await step(`${t.label} (subscribe)`, async () => {
    const data: Record<string, unknown> = await appTester(App.triggers[t.key].operation.performSubscribe, hookBundle(t.key, t.inputData));
    expect(typeof data.id === 'string', 'the relay returns a subscription id');
    subscriptions.set(t.key, data);
    return `relay subscription ${String(data.id).slice(0, 8)}… for ${data.event}${data.filter ? ` ${JSON.stringify(data.filter)}` : ''} (the relay checked the token: GET /locations)`;
  });
}

section('3. Sync flows (a new lead in "my app" → HighLevel)');
const lead = { ...NEW_LEAD, customField_preferred_appointment_time: 'Morning' };
await step('Create or Update Contact', async () => {
  const out = await run('creates', 'upsert_contact', lead);
  expect(out.created === true && out.id, `a new contact (created: ${out.created})`);
  ids.contact = out.id;
  return `created contact ${out.id} (${out.firstName} ${out.lastName}, insurance "${out.customField?.insurance_provider}")`;
});
await step('Create or Update Contact (again)', async () => {
  const out = await run('creates', 'upsert_contact', { email: lead.email, city: 'Chicago', state: 'IL', postalCode: '60607' });
  expect(out.created === false && out.id === ids.contact, `the same contact updated (created: ${out.created}, id ${out.id})`);
  return `same email → updated ${out.id}, no duplicate (city ${out.city})`;
});
await step('Add Tags to Contact', async () => {
  const out = await run('creates', 'add_tags', { contactId: ids.contact, tags: 'new lead, whitening' });
  const tags = (out.tags ?? out.tagsAdded ?? []) as string[];
  expect(tags.includes('new lead'), `tags ${JSON.stringify(out)}`);
  return `tags now ${tags.join(', ')}`;
});
await step('Create Task (first task)', async () => {
  const out = await run('creates', 'create_task', {
    contactId: ids.contact,
    title: 'Send new-patient forms',
    description: 'Intake forms and insurance card upload link.',
    dueDate: new Date(Date.now() + 86_400_000).toISOString(),
    assignedTo: SEED.users.sofia,
  });
  expect(out.id && out.completed === false, 'an open task');
  ids.task = out.id;
  return `task ${out.id} "${out.title}", due ${out.dueDate}`;
});
await step('Mark Task Completed', async () => {
  const out = await run('creates', 'complete_task', { contactId: ids.contact, taskId: ids.task });
  expect(out.id === ids.task && out.completed === true, `completed (${out.completed})`);
  return `task ${out.id} completed`;
});
await step('Create Task (follow-up)', async () => {
  const out = await run('creates', 'create_task', {
    contactId: ids.contact,
    title: 'Call to confirm first visit',
    dueDate: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    assignedTo: SEED.users.daniel,
  });
  ids.followUp = out.id;
  return `task ${out.id} "${out.title}" (stays open)`;
});
await step('Create Note', async () => {
  const out = await run('creates', 'create_note', {
    contactId: ids.contact,
    body: 'Found us via the website. Interested in whitening; prefers mornings.',
  });
  expect(out.id, 'a note id');
  ids.note = out.id;
  return `note ${out.id} on ${out.contactId}`;
});
let slot: Record<string, any> = {};
await step('Find Free Slots', async () => {
  const out: Record<string, any>[] = await run('searches', 'find_free_slots', {
    calendarId: SEED.calendars.consultation,
    from: inDays(1, 9),
    days: 7,
    userId: SEED.users.sofia,
  });
  expect(out.length === 1 && out[0]!.startTime, 'a free slot');
  slot = out[0]!;
  return `first free time with Sofia Alvarez: ${slot.label} (${slot.startTime} → ${slot.endTime}), ${slot.slotCount} free in 7 days`;
});
await step('Create Appointment (in that slot)', async () => {
  const out = await run('creates', 'create_appointment', {
    calendarId: slot.calendarId,
    contactId: ids.contact,
    startTime: slot.startTime,
    endTime: slot.endTime,
    assignedUserId: slot.userId,
    title: 'Initial Consultation - Katherine Johnson',
  });
  expect(out.id && Date.parse(out.startTime) === Date.parse(slot.startTime), 'an appointment in the slot');
  ids.appointment = out.id;
  return `appointment ${out.id} ${out.startTime} → ${out.endTime} with ${out.assignedUserId} (${out.appointmentStatus})`;
});
await step('Find Appointments for Contact', async () => {
  const out: Record<string, any>[] = await run('searches', 'find_appointments', { contactId: SEED.contacts.ada, when: 'upcoming' });
  expect(out.length >= 1, 'Ada has an upcoming appointment');
  ids.adaAppointment = out[0]!.id;
  return `Ada Lovelace: ${out.length} upcoming, ${out[0]!.id} at ${out[0]!.startTime}`;
});
await step('Update Appointment (reschedule)', async () => {
  const out = await run('creates', 'update_appointment', {
    contactId: SEED.contacts.ada,
    appointmentId: ids.adaAppointment,
    startTime: inDays(2, 15),
  });
  expect(out.id === ids.adaAppointment, 'the same appointment');
  return `${out.id} moved to ${out.startTime} → ${out.endTime} (length kept)`;
});

section('4. Poll the triggers again (only what is new fires)');
const expected: Record<string, () => string | undefined> = {
  new_contact: () => ids.contact,
  updated_contact: () => ids.contact,
  tag_added: () => ids.contact,
  new_task: () => ids.followUp,
  task_completed: () => ids.task,
  new_note: () => ids.note,
  new_appointment: () => ids.appointment,
  appointment_updated: () => ids.adaAppointment,
};
for (const t of TRIGGERS) {
  await step(t.label, async () => {
    const items: Record<string, any>[] = await run('triggers', t.key, t.inputData);
    const keyOf = dedupeKey(t.key);
    const seen = dedupe.get(t.key) ?? new Set<string>();
    const fresh = items.filter((item) => !seen.has(keyOf(item)));
    for (const item of fresh) seen.add(keyOf(item));
    fired.set(t.key, fresh);
    const want = expected[t.key]!();
    expect(
      fresh.length === 1 && fresh[0]!.id === want,
      `${t.label} should fire once for ${want}, fired ${fresh.map((f) => f.id).join(', ') || 'nothing'} (of ${items.length})`,
    );
    return `fired ${fresh.length} of ${items.length}: ${fresh.map((f) => describeItem(t.key, f)).join('; ')}`;
  });
}
await step('New Contact (poll once more)', async () => {
  const items: Record<string, any>[] = await run('triggers', 'new_contact');
  const seen = dedupe.get('new_contact')!;
  const fresh = items.filter((item) => !seen.has(dedupeKey('new_contact')(item)));
  expect(fresh.length === 0, `nothing new, fired ${fresh.length}`);
  return `fired 0 of ${items.length}: nothing changed, nothing fires`;
});

section('4b. Instant triggers (HighLevel webhook → relay → Zapier hook, no polling)');
const instantFired = new Map<string, number>();
const latencies: number[] = [];
const emittedAt = (hit: Hit) => sandbox.webhooks.deliveries.find((d) => d.webhookId === hit.body.webhookId)?.emittedAt;
await step('every webhook stored and delivered', async () => {
  await rig.settled();
  const sent = sandbox.webhooks.deliveries.filter((d) => d.status !== undefined);
  return `the sandbox pushed ${sent.length} signed webhooks (Ed25519 + RSA), the relay answered 200 to each and made ${rig.hits.length} deliveries`;
});
for (const t of INSTANT) {
  await step(t.label, async () => {
    const items: Record<string, any>[] = [];
    const times: number[] = [];
    for (const hit of rig.hitsFor(t.key)) {
      items.push(...(await appTester(App.triggers[t.key].operation.perform, hookBundle(t.key, t.inputData, { cleanedRequest: hit.body }))));
      const at = emittedAt(hit);
      if (at !== undefined) times.push(hit.at - at);
    }
    instantFired.set(t.key, items.length);
    latencies.push(...times);
    const want = t.want();
    const got = items.map((i) => i.id);
    expect(
      got.length === want.length && want.every((id) => got.includes(id)),
      `${t.label} should fire once for each of ${want.join(', ')}, fired ${got.join(', ') || 'nothing'}`,
    );
    const latency = times.length ? `, ${Math.max(...times).toFixed(0)} ms from the change to the hook` : '';
    return `fired ${items.length}: ${items.map((f) => describeItem(t.key.replace(/_instant$/, ''), f)).join('; ')}${latency}`;
  });
}
await step('New Contact (Instant) turned off', async () => {
  await appTester(App.triggers.new_contact_instant.operation.performUnsubscribe, hookBundle('new_contact_instant', {}));
  const before = rig.hitsFor('new_contact_instant').length;
  const out = await run('creates', 'upsert_contact', { firstName: 'Dorothy', lastName: 'Vaughan', email: 'dorothy.vaughan@example.com' });
  await rig.settled();
  const after = rig.hitsFor('new_contact_instant').length;
  expect(after === before, `no delivery after the unsubscribe, got ${after - before}`);
  return `performUnsubscribe; a new contact ${out.id} → 0 deliveries for it (the relay deleted the subscription)`;
});

section('5. Token refresh (HighLevel rotates refresh tokens)');
const ttl = 86_399;
const oldRefresh = String(authData.refresh_token);
await step('sandbox clock +24 h', async () => {
  sandbox.store.advanceClock((ttl + 1) * 1000);
  return `now ${new Date(sandbox.store.now()).toISOString()}: the access token (${ttl} s) has expired`;
});
await step('Get Contact by ID (expired token)', async () => {
  const err = await failsWith(run('searches', 'get_contact', { contactId: ids.contact }), 'RefreshAuthError');
  return `RefreshAuthError → Zapier refreshes (${short(err.message, 60)})`;
});
await step('refreshAccessToken', async () => {
  const fresh = await appTester(oauth.refreshAccessToken, bundle());
  expect(fresh.access_token && fresh.refresh_token && fresh.refresh_token !== oldRefresh, 'a new token pair');
  expect(fresh.locationId === SEED.locationId && fresh.companyId && fresh.userId, 'the computed fields come back');
  authData = { ...authData, ...fresh }; // Zapier merges the result into authData
  return `new access token and a NEW refresh token stored (location ${fresh.locationId})`;
});
await step('Get Contact by ID (retry)', async () => {
  const out: Record<string, any>[] = await run('searches', 'get_contact', { contactId: ids.contact });
  expect(out.length === 1 && out[0]!.id === ids.contact, 'the contact');
  return `${out[0]!.firstName} ${out[0]!.lastName} ${out[0]!.id}, tags ${out[0]!.tags?.join(', ')}`;
});
await step('old refresh token, a concurrent run', async () => {
  // Another run of this connection refreshed with the same token at the same moment: it gets the same new pair.
  const same = await appTester(oauth.refreshAccessToken, { ...bundle(), authData: { ...authData, refresh_token: oldRefresh } });
  expect(same.refresh_token === authData.refresh_token, "the loser gets the winner's rotated pair");
  return 'HighLevel says invalid_grant; the rotated pair the winner kept is returned: no "reconnect"';
});
await step('old refresh token, 2 minutes later', async () => {
  forgetRotations(); // the winner keeps the pair for 120 s only
  appTester.zcacheTestObj = {};
  const err = await failsWith(
    appTester(oauth.refreshAccessToken, { ...bundle(), authData: { ...authData, refresh_token: oldRefresh } }),
    'ExpiredAuthError',
  );
  expect(/refresh token is invalid/.test(err.message), err.message);
  return `refused: ${short(err.message.replace(/ The app may.*$/, ''), 90)}`;
});

section('6. An agency connection (one Company token for every sub-account)');
let agencyAuth: Record<string, any> = {};
const agencyRun = (group: 'triggers' | 'creates' | 'searches', key: string, inputData: Record<string, unknown>) =>
  appTester(App[group][key].operation.perform, { authData: { ...agencyAuth }, inputData, meta: meta() });
const harbor = SEED.otherLocationId;
await step('consent for the whole agency', async () => {
  const res = await fetch(`${authorizeUrl}&auto=1&locationId=agency`, { redirect: 'manual' });
  const back = new URL(res.headers.get('location') ?? '');
  agencyAuth = await appTester(oauth.getAccessToken, { inputData: { code: back.searchParams.get('code'), redirect_uri: redirectUri } });
  expect(agencyAuth.userType === 'Company' && agencyAuth.companyId && !agencyAuth.locationId, 'a Company token is kept');
  return `Company token kept: userType Company, company ${agencyAuth.companyId}, no sub-account`;
});
await step('test + connectionLabel', async () => {
  const tested = await appTester(App.authentication.test, { authData: agencyAuth, inputData: {}, meta: meta() });
  const label = await appTester(App.authentication.connectionLabel, { authData: agencyAuth, inputData: tested, meta: meta() });
  expect(tested.subAccounts === 2, `2 sub-accounts with the app, got ${tested.subAccounts}`);
  return `"${label}"`;
});
await step('Sub-Account dropdown', async () => {
  const list: { id: string; name: string }[] = await agencyRun('triggers', 'sub_account_list', {});
  expect(list.length === 2 && list[1]!.id === harbor, 'Bright Smile Dental and Harbor Fitness Studio (not Lakeside: no app)');
  return list.map((l) => l.name).join(' · ');
});
await step('Create Contact fields in Harbor', async () => {
  const dynamic = App.creates.create_contact.operation.inputFields.filter((f: unknown) => typeof f === 'function');
  const fields = (
    await Promise.all(
      dynamic.map((f: unknown) => appTester(f, { authData: { ...agencyAuth }, inputData: { locationId: harbor }, meta: meta() })),
    )
  ).flat() as { key: string; label: string }[];
  const custom = fields.find((f) => f.key === 'customField_preferred_appointment_time');
  expect(fields[0]?.key === 'locationId' && custom?.label === 'Preferred Class Time', "Harbor's own field under the shared key");
  return `Sub-Account first; custom field key preferred_appointment_time → Harbor's "${custom!.label}" (its own id)`;
});
await step('Create Contact in Harbor', async () => {
  const created = await agencyRun('creates', 'create_contact', {
    locationId: harbor,
    firstName: 'Noor',
    lastName: 'Haddad',
    email: 'noor.haddad@example.com',
    customField_preferred_appointment_time: 'Saturday mornings',
  });
  const stored = sandbox.store.loc(harbor).contacts.get(created.id);
  expect(stored?.customFields[SEED.otherPreferredTime] === 'Saturday mornings', "stored under Harbor's field id");
  return `${created.id} in Harbor Fitness Studio; Preferred Class Time = "Saturday mornings" (field ${SEED.otherPreferredTime})`;
});
await step('Find Contact in Harbor (token cached)', async () => {
  const found: { id: string }[] = await agencyRun('searches', 'find_contact', { locationId: harbor, email: 'noor.haddad@example.com' });
  expect(found.length === 1, 'found');
  return `found ${found[0]!.id}; the location token minted for Harbor is reused (no POST /oauth/locationToken)`;
});
await step('two refreshes at once', async () => {
  const [a, b] = await Promise.all([
    appTester(oauth.refreshAccessToken, { authData: { ...agencyAuth }, inputData: {}, meta: meta() }),
    appTester(oauth.refreshAccessToken, { authData: { ...agencyAuth }, inputData: {}, meta: meta() }),
  ]);
  expect(a.refresh_token === b.refresh_token && a.refresh_token !== agencyAuth.refresh_token, 'both runs end with the same new pair');
  agencyAuth = { ...agencyAuth, ...a };
  const list = await agencyRun('triggers', 'sub_account_list', {});
  expect(list.length === 2, 'the new pair works');
  return "one refresh wins (200), the other gets invalid_grant (400) and takes the winner's pair; both runs go on";
});

// ---------------------------------------------------------------------------------------------- summary

await settle();
const failed = rows.filter((r) => !r.ok);
const total = requests.length;
const byStatus = new Map<number, number>();
for (const r of requests) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
if (sandboxErrors.length) {
  console.log(red(`\nSandbox errors:\n${sandboxErrors.join('\n')}`));
}

const table = [
  ['#', 'Step', 'Result', 'Requests', 'ms'],
  ...rows.map((r, i) => [String(i + 1), r.step, r.ok ? 'ok' : 'FAILED', String(r.requests), r.ms.toFixed(0)]),
  [
    '',
    'Total',
    `${rows.length - failed.length}/${rows.length} ok`,
    String(rows.reduce((n, r) => n + r.requests, 0)),
    rows.reduce((n, r) => n + r.ms, 0).toFixed(0),
  ],
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
const line = (row: string[]) =>
  `| ${row.map((cell, c) => (c === 0 || c >= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
console.log(`\n${bold('Summary')}`);
console.log(line(table[0]!));
console.log(`|${widths.map((w, c) => (c === 0 || c >= 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
const firedSummary = TRIGGERS.map((t) => `${t.label} ${fired.get(t.key)?.length ?? 0}`).join(', ');
console.log(`\nTriggers fired: ${firedSummary}`);
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0) : '-');
console.log(
  `Instant triggers fired: ${INSTANT.map((t) => `${t.label.replace(' (Instant)', '')} ${instantFired.get(t.key) ?? 0}`).join(', ')}; ` +
    `change → hook p50 ${pct(0.5)} ms, max ${sorted.length ? sorted.at(-1)!.toFixed(0) : '-'} ms`,
);
console.log(
  `${rows.length} steps, ${rows.length - failed.length} ok, ${failed.length} failed; ${total} requests to the sandbox ` +
    `(${[...byStatus]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${n}× ${s}`)
      .join(', ')}); ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
if (failed.length || sandboxErrors.length) {
  console.log(red(`FAILED: ${failed.map((r) => r.step).join(', ') || 'sandbox errors'}`));
}

await rig.close();
await sandbox.close();
process.exit(failed.length || sandboxErrors.length ? 1 : 0);
