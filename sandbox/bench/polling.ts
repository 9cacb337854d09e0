/**
 * Polling: requests per poll of every trigger with 100, 10,000 and 100,000 contacts in the sandbox (must not grow
 * with the number of contacts); the task triggers against the number of open tasks (what they do grow with); and
 * completeness — how many of N contacts added (updated, tagged) between two polls reach a Zapier-like dedupe.
 */
import { RUNS } from '../cases.ts';
import { SEED } from '../seed.ts';
import { describeHits } from './requests.ts';
import { bundleFor, int, log, median, ms, remoteSandbox, table } from './util.ts';
import type { BuiltApp, Hit, Invoke, RemoteSandbox } from './util.ts';

/** Contacts in the sandbox per scaling step (3 seed contacts + generated ones). */
export const SIZES = [100, 10_000, 100_000];
/** Polls timed per trigger and size (the median is reported). */
export const TIMED_POLLS = 3;

/** What a trigger's requests per poll grow with, where that is not "nothing". */
const GROWS_WITH: Record<string, string> = {
  new_task: 'open tasks: ⌊N / 500⌋ + 1, at least 2 when there are any, at most 20 (table below)',
  task_completed: 'completed tasks: ⌊N / 500⌋ + 1, at least 2 when there are any, at most 20',
  new_note: 'without a contact: contacts updated in the last hour, at most 10 (+1 search)',
  contact_list: 'pages the user loads in the dropdown (1 each)',
  user_list: 'pages the user loads in the dropdown (1 each)',
};

interface ScaleRow {
  key: string;
  label: string;
  hidden: boolean;
  variant: string;
  counts: number[];
  times: number[];
  endpoints: string;
  error?: string;
}

async function poll(invoke: Invoke, key: string, cs: RemoteSandbox, inputs: Record<string, unknown>, meta: Record<string, unknown> = {}) {
  return invoke(`triggers.${key}.operation.perform`, bundleFor(cs.token, inputs, meta)) as Promise<Record<string, unknown>[]>;
}

export async function measureScaling(built: BuiltApp): Promise<{ markdown: string; grows: string[] }> {
  const { App } = built;
  const invoke = built.createInvoker();
  const keys = Object.keys(App.triggers);
  const ordered = [...keys.filter((k) => !App.triggers[k].display?.hidden), ...keys.filter((k) => App.triggers[k].display?.hidden)];
  const rows = new Map<string, ScaleRow>();
  const seeding: string[] = [];

  for (const [s, size] of SIZES.entries()) {
    log(`polling: ${int(size)} contacts in the sandbox`);
    const cs = await remoteSandbox({ contacts: size - 3 });
    seeding.push(`${int(size)}: ${ms(cs.startMs, 0)}`);
    process.env.GHL_API_BASE_URL = cs.url;
    for (const key of ordered) {
      const runsOf = RUNS.triggers[key];
      if (!runsOf) continue;
      const runs = runsOf(await cs.ids());
      for (const [i, run] of runs.entries()) {
        const id = `${key}#${i}`;
        const row: ScaleRow = rows.get(id) ?? {
          key,
          label: App.triggers[key].display?.label ?? key,
          hidden: Boolean(App.triggers[key].display?.hidden),
          variant: run.variant,
          counts: [],
          times: [],
          endpoints: '',
        };
        rows.set(id, row);
        if (run.prepare) {
          await cs.reset();
          await cs.scenario(...run.prepare);
        }
        const inputs = runsOf(await cs.ids())[i]!.inputs;
        invoke.zcache = {};
        await poll(invoke, key, cs, inputs, run.meta).catch(() => undefined); // warm the cache, as a running Zap has it
        await cs.take();
        const times: number[] = [];
        let hits: Hit[] = [];
        try {
          for (let p = 0; p < TIMED_POLLS; p++) {
            const t = performance.now();
            await poll(invoke, key, cs, inputs, run.meta);
            times.push(performance.now() - t);
            const got = await cs.take();
            if (p === 0) hits = got;
          }
        } catch (e) {
          row.error = String((e as Error).message).split('\n')[0];
        }
        row.counts[s] = hits.length;
        row.times[s] = median(times);
        if (s === SIZES.length - 1) row.endpoints = describeHits(hits);
        if (run.prepare) await cs.reset();
      }
    }
    await cs.close();
  }

  const grows: string[] = [];
  const body = [...rows.values()].map((r) => {
    const grew = r.counts.some((c) => c > r.counts[0]!);
    if (grew) grows.push(`${r.label} (${r.variant})`);
    return [
      r.label + (r.hidden ? ' (hidden)' : ''),
      r.variant,
      ...SIZES.map((_, s) => (r.error ? `ERROR: ${r.error}` : `${r.counts[s]} (${ms(r.times[s] ?? NaN, 1)})`)),
      grew ? '**grows**' : 'no',
      GROWS_WITH[r.key] ?? '—',
    ];
  });
  const markdown = [
    table(
      ['Trigger', 'Run', ...SIZES.map((n) => `${int(n)} contacts: requests (median poll time)`), 'Grows with contacts?', 'Grows with'],
      body,
    ),
    '',
    `Sandbox start with its contacts seeded: ${seeding.join(', ')}.`,
  ].join('\n');
  return { markdown, grows };
}

/** New Task against the number of open tasks in the sub-account (the location task search has no date filter or sort). */
export async function measureTaskScaling(built: BuiltApp): Promise<{ markdown: string; rows: [number, number][] }> {
  const invoke = built.createInvoker();
  const cs = await remoteSandbox();
  process.env.GHL_API_BASE_URL = cs.url;
  const totals = [1, 499, 500, 501, 2_500, 9_999, 12_000];
  const out: unknown[][] = [];
  const rows: [number, number][] = [];
  for (const total of totals) {
    await cs.reset();
    await cs.scenario('openTasks', total);
    await cs.take();
    const t = performance.now();
    const found = await poll(invoke, 'new_task', cs, {});
    const elapsed = performance.now() - t;
    const hits = await cs.take();
    const filtered = await poll(invoke, 'new_task', cs, { contactId: [SEED.contacts.grace] });
    const filteredHits = await cs.take();
    rows.push([total, hits.length]);
    out.push([int(total), hits.length, int(found.length), ms(elapsed, 1), `${filteredHits.length} (${int(filtered.length)} tasks)`]);
  }
  await cs.close();
  return {
    rows,
    markdown: table(
      [
        'Open tasks in the sub-account',
        'New Task: requests per poll',
        'Tasks returned',
        'Poll time',
        'With a Contact filter (one of 3 contacts)',
      ],
      out,
    ),
  };
}

/** The dedupe key Zapier uses: the trigger's primary output fields, else `id`. */
function dedupeKeyOf(App: any, key: string): (item: Record<string, unknown>) => string {
  const fields = (App.triggers[key].operation.outputFields ?? [])
    .filter((f: any) => f && typeof f === 'object' && f.primary)
    .map((f: any) => f.key as string);
  const keys = fields.length ? fields : ['id'];
  return (item) => keys.map((k: string) => String(item[k])).join('\u0000');
}

interface Change {
  trigger: string;
  what: string;
  apply: (cs: RemoteSandbox, n: number) => Promise<number>;
}

const CHANGES: Change[] = [
  { trigger: 'new_contact', what: 'contacts added', apply: (cs, n) => cs.scenario('addContacts', n) },
  { trigger: 'updated_contact', what: 'contacts updated', apply: (cs, n) => cs.scenario('touchOldest', n) },
  { trigger: 'tag_added', what: 'contacts tagged "vip"', apply: (cs, n) => cs.scenario('tagContacts', n, 'vip') },
];

/** Seed poll (Zapier's dedupe is populated), N changes, then polls: how many new items does the dedupe let through? */
export async function measureCompleteness(
  built: BuiltApp,
  contacts = 10_000,
): Promise<{ markdown: string; newContact: Map<number, number> }> {
  const { App } = built;
  const invoke = built.createInvoker();
  const cs = await remoteSandbox({ contacts: contacts - 3 });
  process.env.GHL_API_BASE_URL = cs.url;
  const ns = [10, 100, 500, 2_000];
  const out: unknown[][] = [];
  const newContact = new Map<number, number>();
  for (const change of CHANGES) {
    if (!App.triggers[change.trigger]) continue;
    const keyOf = dedupeKeyOf(App, change.trigger);
    const inputs = change.trigger === 'tag_added' ? { tag: 'vip' } : {};
    for (const n of ns) {
      await cs.reset();
      const seen = new Set((await poll(invoke, change.trigger, cs, inputs, { isPopulatingDedupe: true })).map(keyOf));
      await change.apply(cs, n);
      await cs.take();
      const fresh: number[] = [];
      for (let p = 0; p < 3; p++) {
        const items = await poll(invoke, change.trigger, cs, inputs);
        let count = 0;
        for (const item of items) {
          const k = keyOf(item);
          if (!seen.has(k)) {
            seen.add(k);
            count++;
          }
        }
        fresh.push(count);
      }
      const hits = await cs.take();
      const surfaced = fresh.reduce((a, b) => a + b, 0);
      if (change.trigger === 'new_contact') newContact.set(n, surfaced);
      out.push([
        App.triggers[change.trigger].display?.label ?? change.trigger,
        `${int(n)} ${change.what}`,
        int(fresh[0]!),
        int(fresh[1]! + fresh[2]!),
        `${int(surfaced)} of ${int(n)} (${((100 * surfaced) / n).toFixed(0)}%)`,
        int(Math.max(0, n - surfaced)),
        (hits.length / 3).toFixed(0),
      ]);
    }
  }
  await cs.close();
  return {
    newContact,
    markdown: table(
      ['Trigger', 'Between two polls', 'New on the next poll', 'New on 2 more polls', 'Surfaced', 'Missed', 'Requests per poll'],
      out,
    ),
  };
}
