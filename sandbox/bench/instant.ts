/**
 * The instant triggers' cost and latency (issue #14), for `npm run bench:relay`: the sandbox pushes its signed
 * webhooks to the relay (embedded store), which delivers them to a local hook; each instant trigger's `perform` then
 * runs on what arrived, its requests to the sandbox counted. Beside it, each polling twin's requests per poll at the
 * same activity, turned into requests per hour at Zapier's 1- and 15-minute polling intervals.
 */
import { SEED, startSandbox } from '../server.ts';
import { startInstantRig } from '../instant.ts';
import { authDataOf, sandboxApi, stepMeta } from '../zapier.ts';
import { loadBuiltApp } from './util.ts';

/** Each instant trigger, its polling twin and the Zap's input (as in the demo). */
const ZAPS: { key: string; twin: string; label: string; inputData: Record<string, unknown> }[] = [
  { key: 'new_contact_instant', twin: 'new_contact', label: 'New Contact', inputData: {} },
  { key: 'updated_contact_instant', twin: 'updated_contact', label: 'Updated Contact', inputData: {} },
  { key: 'tag_added_instant', twin: 'tag_added', label: 'Tag Added to Contact', inputData: { tag: 'vip' } },
  { key: 'new_task_instant', twin: 'new_task', label: 'New Task', inputData: {} },
  { key: 'task_completed_instant', twin: 'task_completed', label: 'Task Completed', inputData: {} },
  { key: 'new_note_instant', twin: 'new_note', label: 'New Note', inputData: {} },
  { key: 'new_appointment_instant', twin: 'new_appointment', label: 'New Appointment', inputData: { calendarId: SEED.calendars.cleaning } },
  {
    key: 'appointment_updated_instant',
    twin: 'appointment_updated',
    label: 'Appointment Updated',
    inputData: { calendarId: SEED.calendars.cleaning },
  },
];
/** Rounds of changes (each round: one change of every kind). */
const ROUNDS = 20;
/** The activity the per-hour comparison assumes: this many changes of each kind per hour. */
const PER_HOUR = 20;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function measureInstant(): Promise<string> {
  // Developer mode, as under `zapier-platform test` (and the demo): no production memory log. Before core loads.
  process.env.NODE_ENV = 'test';
  let requests = 0;
  const sandbox = await startSandbox({ port: 0, rateLimit: false, log: (line) => void (/^\w+ \S+ → \d+/.test(line) && requests++) });
  const saved = { api: process.env.GHL_API_BASE_URL, relay: process.env.RELAY_URL, secret: process.env.RELAY_SECRET };
  process.env.GHL_API_BASE_URL = sandbox.url;
  const rig = await startInstantRig(sandbox);
  process.env.RELAY_URL = rig.relayUrl;
  process.env.RELAY_SECRET = rig.secret;
  try {
    const { createInvoker } = await loadBuiltApp();
    const invoke = createInvoker();
    const authData = authDataOf(sandbox.issueToken());
    const bundle = (key: string, inputData: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      authData,
      inputData,
      meta: stepMeta(),
      targetUrl: rig.hookUrl(key),
      ...extra,
    });
    const subscriptions = new Map<string, unknown>();
    for (const zap of ZAPS)
      subscriptions.set(zap.key, await invoke(`triggers.${zap.key}.operation.performSubscribe`, bundle(zap.key, zap.inputData)));

    const api = sandboxApi(sandbox.url, () => authData.access_token);

    const day = 86_400_000;
    for (let i = 0; i < ROUNDS; i++) {
      const { contact } = await api('POST', '/contacts/', {
        locationId: SEED.locationId,
        firstName: `Bench${i}`,
        lastName: 'Instant',
        email: `bench${i}.instant@example.com`,
      });
      await api('PUT', `/contacts/${contact.id}`, { city: `City ${i}` });
      await api('POST', `/contacts/${contact.id}/tags`, { tags: ['vip'] });
      const { task } = await api('POST', `/contacts/${contact.id}/tasks`, {
        title: `Call back ${i}`,
        dueDate: new Date(Date.now() + day).toISOString(),
        completed: false,
        assignedTo: SEED.users.maya,
      });
      await api('PUT', `/contacts/${contact.id}/tasks/${task.id}/completed`, { completed: true });
      await api('POST', `/contacts/${contact.id}/notes`, { body: `Note ${i}`, userId: SEED.users.maya });
      const start = new Date(Date.now() + (30 + i) * day);
      start.setUTCHours(16, 0, 0, 0);
      const appointment = await api('POST', '/calendars/events/appointments', {
        calendarId: SEED.calendars.cleaning,
        locationId: SEED.locationId,
        contactId: contact.id,
        startTime: start.toISOString(),
        assignedUserId: SEED.users.maya,
      });
      await api('PUT', `/calendars/events/appointments/${appointment.id}`, {
        appointmentStatus: 'confirmed',
        assignedUserId: SEED.users.maya,
      });
    }
    await rig.settled(600_000);

    const emitted = new Map(sandbox.webhooks.deliveries.map((d) => [d.webhookId, d.emittedAt]));
    const latencies = rig.hits
      .map((hit) => hit.at - (emitted.get(String(hit.body.webhookId)) ?? NaN))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);

    const rows: string[] = [];
    for (const zap of ZAPS) {
      const hits = rig.hitsFor(zap.key);
      const before = requests;
      let items = 0;
      for (const hit of hits)
        items += (
          await invoke(
            `triggers.${zap.key}.operation.perform`,
            bundle(zap.key, zap.inputData, { cleanedRequest: hit.body, subscribeData: subscriptions.get(zap.key) }),
          )
        ).length;
      const perEvent = hits.length ? (requests - before) / hits.length : NaN;
      const pollBefore = requests;
      await invoke(`triggers.${zap.twin}.operation.perform`, { authData, inputData: zap.inputData, meta: stepMeta() });
      const perPoll = requests - pollBefore;
      rows.push(
        `| ${zap.label} | ${hits.length} | ${items} | ${perEvent.toFixed(1)} | ${(perEvent * PER_HOUR).toFixed(0)} | ${perPoll} | ${perPoll * 60} | ${perPoll * 4} |`,
      );
    }
    return [
      '### Instant triggers',
      '',
      `The sandbox → the relay (embedded store) → a local hook, ${ROUNDS} rounds of changes (create a contact, change its city, add a`,
      'tag, create a task, complete it, add a note, book an appointment, confirm it), each a signed webhook as HighLevel sends it;',
      "then each instant trigger's `perform` on what arrived, its requests to the sandbox counted (custom field definitions",
      'cached after the first). Beside it, the polling twin: requests per poll at the same activity, and per hour at',
      `Zapier's 1-minute and 15-minute polling intervals, against the instant trigger's at ${PER_HOUR} changes of its kind per hour.`,
      '',
      `Change to hook (the sandbox's change → the relay → the hook): **p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p99 ${quantile(latencies, 0.99).toFixed(0)} ms** over ${latencies.length} deliveries.`,
      '',
      `| Trigger | Deliveries | Fired | Requests per event | Instant: requests/h at ${PER_HOUR} events/h | Twin: requests per poll | Twin: per hour, 1-min polling | Twin: per hour, 15-min polling |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      "A request per event is a read by id where HighLevel's payload lacks what the twin returns (contact events carry no",
      '`dateUpdated`, `TaskCreate` no `contactId`); with nothing happening an instant trigger costs HighLevel nothing, a',
      'polling twin its requests per poll every interval.',
    ].join('\n');
  } finally {
    await rig.close();
    await sandbox.close();
    for (const [name, value] of Object.entries({ GHL_API_BASE_URL: saved.api, RELAY_URL: saved.relay, RELAY_SECRET: saved.secret }))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
}
