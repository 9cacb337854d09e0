/**
 * Requests per run: every trigger, action and search of the built app (visible and hidden), run through
 * zapier-platform-core's app tester against the sandbox, counting the requests the sandbox receives. Each run is
 * made twice on a freshly reset sandbox: with an empty `z.cache` (custom field definitions not cached: "cold")
 * and with the cache the first run left ("warm", the usual case within the 5-minute TTL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, RUNS, SEARCH_OR_CREATE_RUNS } from '../cases.ts';
import type { Ids, Run } from '../cases.ts';
import { ROOT, bundleFor, remoteSandbox, table } from './util.ts';
import type { BuiltApp, Group, Hit, Invoke, RemoteSandbox } from './util.ts';
import type { TokenResponse } from '../server.ts';

export interface Measured {
  kind: string;
  label: string;
  key: string;
  hidden: boolean;
  variant: string;
  cold: number;
  warm: number;
  endpoints: string;
  returned: string;
  error?: string;
  /** the first (typical) run of the operation */
  typical: boolean;
}

/** `POST /contacts/search ×2, GET /locations/{locationId}/customFields` — what a run asked, in order of first use. */
export function describeHits(hits: Hit[]): string {
  const counts = new Map<string, number>();
  for (const h of hits) {
    const name = `${h.method} ${h.template}${h.status >= 400 ? ` (${h.status})` : ''}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ') || '—';
}

const returnedOf = (result: unknown) =>
  Array.isArray(result)
    ? `${result.length} item${result.length === 1 ? '' : 's'}`
    : result && typeof result === 'object'
      ? '1 object'
      : String(result);

interface Ctx {
  cs: RemoteSandbox;
  invoke: Invoke;
}

async function freshStore(ctx: Ctx, run?: Pick<Run, 'prepare'>): Promise<{ ids: Ids; token: TokenResponse }> {
  await ctx.cs.reset();
  if (run?.prepare) await ctx.cs.scenario(...run.prepare);
  return { ids: await ctx.cs.ids(), token: ctx.cs.token };
}

/** Runs `fn` cold (empty z.cache) and warm (the cache the cold run left), each on a freshly reset sandbox. */
async function coldAndWarm(ctx: Ctx, run: Pick<Run, 'prepare'> | undefined, fn: (ids: Ids, token: TokenResponse) => Promise<unknown>) {
  const out: { hits: Hit[]; result?: unknown; error?: string }[] = [];
  ctx.invoke.zcache = {};
  for (let pass = 0; pass < 2; pass++) {
    const { ids, token } = await freshStore(ctx, run);
    await ctx.cs.take();
    try {
      const result = await fn(ids, token);
      out.push({ hits: await ctx.cs.take(), result });
    } catch (e) {
      out.push({ hits: await ctx.cs.take(), error: String((e as Error).message ?? e).split('\n')[0] });
    }
  }
  return { cold: out[0]!, warm: out[1]! };
}

/** A cold and warm pair as a row's figures: requests of each, what the cold run asked, what the warm one returned. */
function counted(r: Awaited<ReturnType<typeof coldAndWarm>>): Pick<Measured, 'cold' | 'warm' | 'endpoints' | 'returned' | 'error'> {
  return {
    cold: r.cold.hits.length,
    warm: r.warm.hits.length,
    endpoints: describeHits(r.cold.hits),
    returned: r.warm.error ? '' : returnedOf(r.warm.result),
    error: r.cold.error ?? r.warm.error,
  };
}

function kindOf(group: Group, hidden: boolean): string {
  const base = group === 'triggers' ? 'trigger' : group === 'creates' ? 'action' : 'search';
  return hidden ? `${base} (hidden)` : base;
}

export async function measureRequests(built: BuiltApp): Promise<{ rows: Measured[]; markdown: string }> {
  const { App } = built;
  const cs = await remoteSandbox();
  process.env.GHL_API_BASE_URL = cs.url;
  const ctx: Ctx = { cs, invoke: built.createInvoker() };
  const rows: Measured[] = [];
  const missing: string[] = [];

  const groups: Group[] = ['triggers', 'creates', 'searches'];
  for (const group of groups) {
    const keys = Object.keys(App[group] ?? {});
    // visible first, then hidden, each in the app's order
    const ordered = [...keys.filter((k) => !App[group][k].display?.hidden), ...keys.filter((k) => App[group][k].display?.hidden)];
    for (const key of ordered) {
      const op = App[group][key];
      const runsOf = RUNS[group][key];
      const hidden = Boolean(op.display?.hidden);
      if (!runsOf && CASES[`${group}.${key}`]) continue; // a row the benchmarks skip (agency, hook)
      if (!runsOf) {
        missing.push(`${group}.${key}`);
        rows.push({
          kind: kindOf(group, hidden),
          label: op.display?.label ?? key,
          key,
          hidden,
          variant: '(no row in sandbox/cases.ts)',
          cold: NaN,
          warm: NaN,
          endpoints: '',
          returned: '',
          error: 'no inputs',
          typical: true,
        });
        continue;
      }
      const runs = runsOf((await freshStore(ctx)).ids);
      for (const [i, run] of runs.entries()) {
        const r = await coldAndWarm(ctx, run, (ids, token) => {
          const inputs = runsOf(ids)[i]!.inputs;
          return ctx.invoke(`${group}.${key}.operation.perform`, bundleFor(token, inputs, run.meta));
        });
        rows.push({
          kind: kindOf(group, hidden),
          label: op.display?.label ?? key,
          key,
          hidden,
          variant: run.variant,
          ...counted(r),
          typical: i === 0,
        });
      }
    }
  }

  // Search-or-create: the search, then the create or the update, as Zapier chains them.
  for (const [key, soc] of Object.entries<any>(App.searchOrCreates ?? {})) {
    const runsOf = SEARCH_OR_CREATE_RUNS[key];
    if (!runsOf) {
      missing.push(`searchOrCreates.${key}`);
      continue;
    }
    const runs = runsOf((await freshStore(ctx)).ids);
    for (const [i, run] of runs.entries()) {
      const r = await coldAndWarm(ctx, undefined, async (ids, token) => {
        const fresh = runsOf(ids)[i]!;
        const found = await ctx.invoke(`searches.${soc.search}.operation.perform`, bundleFor(token, fresh.search));
        if (Array.isArray(found) && found.length) {
          if (!fresh.update || !soc.update) return found;
          const idInput = Object.entries<string>(soc.updateInputFromSearchOutput ?? {})[0];
          const inputs = { ...fresh.update, ...(idInput ? { [idInput[0]]: found[0][idInput[1]] } : {}) };
          return ctx.invoke(`creates.${soc.update}.operation.perform`, bundleFor(token, inputs));
        }
        return ctx.invoke(`creates.${soc.create}.operation.perform`, bundleFor(token, fresh.create));
      });
      rows.push({
        kind: 'search or create',
        label: soc.display?.label ?? key,
        key,
        hidden: false,
        variant: run.variant,
        ...counted(r),
        typical: i === 0,
      });
    }
  }

  // The connection test and the editor's dynamic fields (custom fields as inputs and as output labels).
  const extras: [string, string, string, unknown][] = [
    ['connection', 'Connection test', 'authentication.test', App.authentication?.test],
    [
      'editor',
      'Custom field inputs (Create/Update/Create or Update Contact)',
      'creates.create_contact.operation.inputFields',
      App.creates?.create_contact?.operation?.inputFields,
    ],
    [
      'editor',
      'Custom field output labels (contact steps)',
      'triggers.new_contact.operation.outputFields',
      App.triggers?.new_contact?.operation?.outputFields,
    ],
  ];
  for (const [kind, label, key, defined] of extras) {
    if (!defined) continue;
    const r = await coldAndWarm(ctx, undefined, (_ids, token) => ctx.invoke(key, bundleFor(token)));
    rows.push({
      kind,
      label,
      key,
      hidden: false,
      variant: '',
      cold: r.cold.hits.length,
      warm: r.warm.hits.length,
      endpoints: describeHits(r.cold.hits),
      returned: r.warm.error ? '' : returnedOf(r.warm.result),
      error: r.cold.error ?? r.warm.error,
      typical: true,
    });
  }
  await cs.close();

  const readme = readmeCounts();
  const markdown = [
    table(
      [
        'Operation',
        'Kind',
        'Run',
        'Requests, cold cache',
        'Requests, warm cache',
        'Endpoints (cold run)',
        'Returned',
        'README says',
        'README check',
      ],
      rows.map((r) => {
        const says = readme.get(r.label.toLowerCase());
        return [
          r.label,
          r.kind,
          r.variant,
          r.error ? `ERROR: ${r.error}` : r.cold,
          r.error ? '' : r.warm,
          r.endpoints,
          r.returned,
          r.hidden || r.kind === 'editor' || r.kind === 'connection' ? '' : (says ?? '(not in README)'),
          r.hidden || r.kind === 'editor' || r.kind === 'connection' || !r.typical || r.error ? '' : checkAgainstReadme(says, r),
        ];
      }),
    ),
    missing.length ? `\n**Operations without bench inputs** (add their rows to sandbox/cases.ts): ${missing.join(', ')}` : '',
  ].join('\n');
  return { rows, markdown };
}

/** README operations table: label (each of "A / B") → its "Requests per run" text. */
export function readmeCounts(): Map<string, string> {
  const out = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  } catch {
    return out;
  }
  const section = text.split(/^## /m).find((s) => s.startsWith('Operations')) ?? '';
  for (const line of section.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| Operation') || line.startsWith('|---')) continue;
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const [label, , , requests] = cells.slice(1);
    if (!label || requests === undefined) continue;
    for (const one of label.split(' / ')) out.set(one.trim().toLowerCase(), requests);
  }
  return out;
}

/**
 * A light check of the typical run against the README's count: "1" → exactly 1 cold and warm; "1 (+1 defs)" → 1
 * warm and 1–2 cold; "1–2" → within; anything else (formulas, "at most") is left to the reader.
 */
export function checkAgainstReadme(says: string | undefined, r: Pick<Measured, 'cold' | 'warm'>): string {
  if (!says) return '';
  const defs = /\+1 defs/.test(says);
  const core = says.replace(/\(\+1 defs\)/, '').trim();
  let lo: number;
  let hi: number;
  const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(core);
  const single = /^(\d+)$/.exec(core);
  if (range) [lo, hi] = [Number(range[1]), Number(range[2])];
  else if (single) lo = hi = Number(single[1]);
  else return 'see note';
  const okWarm = r.warm >= lo && r.warm <= hi;
  const okCold = r.cold >= lo && r.cold <= hi + (defs ? 1 : 0);
  return okWarm && okCold ? '✓' : `✗ (README: ${says})`;
}
