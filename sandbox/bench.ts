/**
 * `npm run bench` (= `npm run build && node sandbox/bench.ts`): how fast and how frugal the built app is, measured
 * against the local HighLevel sandbox, written to docs/BENCHMARKS.md (entirely regenerated; do not edit it by hand).
 *
 *   node sandbox/bench.ts                      everything → docs/BENCHMARKS.md (~2–3 minutes on 2 cores)
 *   node sandbox/bench.ts --quick              fewer rounds and runs → stdout only
 *   node sandbox/bench.ts --only=production    some sections (requests, polling, production, overhead, coldstart, sandbox) → stdout only
 *   node sandbox/bench.ts 100000               only the sandbox's own search cost at that many contacts → stdout
 *
 * Sections live in sandbox/bench/: requests.ts (requests per run of every operation, cold and warm custom field
 * cache), polling.ts (requests per poll at 100 / 10,000 / 100,000 contacts, task triggers against open tasks,
 * completeness between two polls), production.ts (per call as Zapier's Lambda runs the built zip, against bare
 * `fetch` and `node:http`), overhead.ts (per call through the app tester, against bare HTTP and HighLevel's official SDK),
 * coldstart.ts (cold start and build size against Zapier's official TypeScript template), sandbox-search.ts (what
 * the sandbox's contact search costs at 100,000 contacts, for reading the rest). The realistic inputs of
 * every operation are in sandbox/cases.ts (shared with the e2e and fault suites). The sandbox runs in its own process (server-child.ts).
 */

// zapier-platform-core's local mode, as under Jest: output checks throw, no per-invocation memory log line.
// Set before the core loads (its constants read it once).
process.env.NODE_ENV = process.env.NODE_ENV || 'test';

const { execFileSync } = await import('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { ROOT, bytes, log, loadBuiltApp, machine, ms, ratio } = await import('./bench/util.ts');
const { measureRequests } = await import('./bench/requests.ts');
const { TIMED_POLLS, measureCompleteness, measureScaling, measureTaskScaling } = await import('./bench/polling.ts');
const { CLIENT, measureOverhead } = await import('./bench/overhead.ts');
const { PROD, measureProduction } = await import('./bench/production.ts');
const { measureColdStart } = await import('./bench/coldstart.ts');
const { measureSandboxSearch } = await import('./bench/sandbox-search.ts');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
// `node sandbox/bench.ts 100000` (the sandbox README's form): only the sandbox's own search cost, at that size
const sandboxContacts = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const only = onlyArg
  ? new Set(onlyArg.slice('--only='.length).split(','))
  : args.some((a) => /^\d+$/.test(a))
    ? new Set(['sandbox'])
    : undefined;
const wants = (section: string) => !only || only.has(section);
const full = !quick && !only;

const OVERHEAD = quick ? { warmup: 50, rounds: 200 } : { warmup: 200, rounds: 1000 };
const COLD_RUNS = quick ? 3 : 7;

const started = performance.now();
const when = new Date();
const built = await loadBuiltApp();

const git = (() => {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${sha}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
})();

const sections: string[] = [];
const headlines: string[] = [];

if (wants('requests')) {
  log('requests per run of every operation');
  const { rows, markdown } = await measureRequests(built);
  const visible = rows.filter((r) => !r.hidden && r.kind !== 'editor' && r.kind !== 'connection');
  const ops = visible.filter((r) => r.typical);
  const oneWarm = ops.filter((r) => r.warm === 1).length;
  const more = visible.filter((r) => r.warm > 1).map((r) => `${r.label} (${r.variant}): ${r.warm}`);
  const errors = rows.filter((r) => r.error);
  if (errors.length) process.exitCode = 1;
  headlines.push(
    `**Requests:** ${oneWarm} of ${ops.length} visible operations make exactly 1 request in their typical run once the custom field definitions are cached` +
      (more.length ? `; more only in these runs: ${more.join('; ')}` : '') +
      `. A cold cache adds 1 (\`GET /locations/{id}/customFields\`), only where custom fields are written, returned or watched.`,
  );
  sections.push(`## Requests per run

Every trigger, action and search of the built app (\`dist/index.js\`), visible and hidden, run once with realistic inputs
(\`sandbox/cases.ts\`) through \`zapier.createAppTester\` against the sandbox, counting the requests the sandbox receives.
Each run is made twice on a freshly reset sandbox: **cold** = empty \`z.cache\`, so the sub-account's custom field definitions
are not cached; **warm** = with the cache the cold run left (the definitions stay cached 5 minutes per sub-account, so warm is
the usual case for a Zap that runs more than once in 5 minutes). Custom field definitions are fetched only by steps that write
custom fields, return a contact that has custom field values, or watch/label custom fields; every other step costs the same
cold or warm. "README check" compares the typical (first) run with the README's operations table: ✓ = within what it says,
"see note" = a formula or a condition the check does not parse (compare by hand). Search-or-create rows chain the search and
the create/update as Zapier does. ${errors.length ? `\n\n**${errors.length} run(s) failed** — see ERROR cells.` : ''}

${markdown}`);
}

if (wants('polling')) {
  log('polling: requests per poll against the number of contacts');
  const scaling = await measureScaling(built);
  log('polling: task triggers against the number of open tasks');
  const tasks = await measureTaskScaling(built);
  log('polling: completeness between two polls');
  const completeness = await measureCompleteness(built);
  if (scaling.grows.length) process.exitCode = 1;
  const surfaced2000 = completeness.newContact.get(2000);
  headlines.push(
    `**Polling:** every trigger makes the same number of requests per poll with 100, 10,000 or 100,000 contacts${scaling.grows.length ? ` — except ${scaling.grows.join(', ')}` : ''}; ` +
      `New Task / Task Completed grow with open / completed tasks (⌊N / 500⌋ + 1, at least 2 when there are any, capped at 20). ` +
      `New Contact surfaces every new contact up to 500 between two polls${surfaced2000 !== undefined ? ` (of 2,000: ${surfaced2000})` : ''}.`,
  );
  sections.push(`## Requests per poll with 100, 10,000 and 100,000 contacts

Each trigger (visible and hidden, the same inputs as above) polled against sandboxes holding 100, 10,000 and 100,000 contacts
(the 3 seed contacts plus generated ones), custom field cache warm as in a running Zap: the requests of one poll and the median
time of ${TIMED_POLLS} polls (sandbox time included; it runs in its own process). None may grow with the number of contacts.

${scaling.markdown}

### The task triggers grow with tasks, not contacts

HighLevel's location task search (\`POST /locations/{locationId}/tasks/search\`) has no sort and no date filter, so New Task reads
every open task (pages of 500) and lets Zapier's dedupe keep the new ones: ⌊N / 500⌋ + 1 requests for N open tasks, at most 20
(10,000 tasks; beyond that the poll stops and logs a hint to add a filter). A first page shorter than 500 costs one request more
(2 for 1–499 tasks): HighLevel may cap pages below what is asked, and only the next page tells a cap from the last page. A User or Contact filter is sent to HighLevel and
shrinks N. Task Completed is the same over completed tasks. (The sandbox returns the newest first; live HighLevel documents no
order, so past 10,000 tasks which ones a poll sees is up to HighLevel.)

${tasks.markdown}

### Polling completeness

A Zapier-like dedupe: a first poll with \`isPopulatingDedupe\` records what exists (as Zapier does when a Zap is turned on), then
N contacts are added (updated, tagged) at once in a sub-account of 10,000 contacts, then three polls; an item counts as new when
its dedupe key (the trigger's primary output fields, else \`id\`) was not seen before. **The limit: each poll returns the newest
500** (HighLevel's largest search page) by date added (New Contact) or date updated (Updated Contact, Tag Added to Contact),
so when more than 500 change between two polls, the oldest of them are never returned. Zapier polls every 1–15 minutes by plan.
(Zapier itself then processes 100 new items per poll and holds the rest for the user to release; that is outside this count.)

${completeness.markdown}`);
}

if (wants('overhead')) {
  log('per-call overhead');
  const o = await measureOverhead(built, OVERHEAD);
  headlines.push(
    `**Per call through the app tester** (get a contact by id with custom fields, local sandbox, medians of ${OVERHEAD.rounds} interleaved rounds): this integration ${ms(o.medians[CLIENT.integration]!)} = ` +
      `**${ratio(o.headline.integrationVsFetch)} a bare \`fetch\`** (${ms(o.medians[CLIENT.fetch]!)}) and **${ratio(o.headline.integrationVsSdk)} HighLevel's official SDK** ` +
      `(${ms(o.medians[CLIENT.sdk]!)}). Its own code adds nothing measurable — a trivial search added to this app costs the same (${ms(o.medians[CLIENT.sized]!)}), ` +
      `a minimal one-search Zapier app ${ms(o.medians[CLIENT.minimal]!)} (${ratio(o.headline.minimalVsFetch)} fetch): the gap is zapier-platform-core's per-invocation work, ` +
      `which grows with the app definition (re-compiling this app's ${bytes(o.compile.definitionBytes)} definition alone takes ${ms(o.compile.app)} per invocation).`,
  );
  sections.push(`## Per-call overhead through the app tester

The same call — contact Ada by id, \`GET /contacts/{contactId}\` on the sandbox (its own process, rate limit off) — by each client
in the same process, ${OVERHEAD.rounds} measured rounds after ${OVERHEAD.warmup} warm-up rounds, every client once per round in rotated order.
Ratios are of medians measured in this same run. The official SDK is pointed at the sandbox by setting \`HighLevel.BASE_URL\`
(a static it reads when constructed; the package has no base URL option) and given the token as \`locationAccessToken\` (with a
client id/secret, which its constructor requires), \`apiVersion: '2021-07-28'\`. The Zapier rows run through
\`zapier.createAppTester\` (zapier-platform-core's runtime handler) with \`flags.skipHttpPatch\`, so the core's logging wrapper
around Node's http and \`fetch\` (which \`z.request\` bypasses anyway) does not tax the bare clients and the SDK in the same process.

${o.markdown}`);
}

// After the app-tester section: the build's core patches Node's http and the global fetch on its first invocation.
if (wants('production')) {
  log('per call on the production path');
  const p = await measureProduction(built, OVERHEAD);
  const f = p.medians[PROD.fetch]!;
  headlines.push(
    `**Per call, production path** (get a contact by id as Zapier's Lambda runs the built zip: its \`zapierwrapper.js\` handler, a realistic event, ` +
      `logs streamed to a local sink; medians of ${p.rounds} interleaved rounds in one process): ${ms(p.medians[PROD.production]!)} = ` +
      `**${ratio(p.headline.vsFetch)} a bare \`fetch\`** (${ms(f)}) and **${ratio(p.headline.vsHttp)} a bare \`node:http\` request** (${ms(p.medians[PROD.http]!)}); ` +
      `the appTester path of the same call ${ratio(p.headline.testerVsFetch)}, a minimal one-search app through the same handler ${ratio(p.headline.minimalVsFetch)}; ` +
      `were the definition compiled once per container (core's own TODO, measured with a bench-only patch) ${ratio(p.headline.compiledOnceVsFetch)}. ` +
      `Most of the gap is zapier-platform-core compiling the definition twice per call, which only Zapier can remove.`,
  );
  sections.push(`## Per call on the production path

What a Zap step costs as Zapier runs it: the deployable build (\`npm run zip\`, unzipped) loaded as Zapier's Lambda loads it — its
\`zapierwrapper.js\` makes \`handler = zapier.createAppHandler(app)\` once per container — and one \`handler(event)\` per step, with the event
Zapier sends (parsed from JSON each call; a log token, so the invocation's log lines stream to Zapier's log server — here a local
sink in its own process, like the sandbox; \`rpc_base\` for \`z.cache\`, the same sink). The build's own zapier-platform-core runs
as in production: not in test mode, its http patch on, one memory line per invocation on stdout (written to /dev/null). Beside it,
the appTester path (\`zapier.createAppTester\`, which the other sections use) and the floors: a bare \`fetch\` and a bare
\`node:http\` request (both captured before the core patches them), the same call to the same sandbox. The contact has no custom
field values (one request, no \`z.cache\`), except in the row that says so.

${p.markdown}`);
}

if (wants('coldstart')) {
  log('cold start and build size');
  const c = await measureColdStart({ runs: COLD_RUNS });
  const h = c.headline;
  headlines.push(
    `**Cold start** (import the build's \`zapierwrapper.js\` + first invocation, fresh process, production mode, median of ${COLD_RUNS}): ${ms(h.ourMs, 0)}` +
      (h.templateMs !== undefined
        ? ` vs ${ms(h.templateMs, 0)} for Zapier's official TypeScript template built the same way (**${ratio(h.ourMs / h.templateMs)}**)`
        : '') +
      `; **build.zip ${bytes(h.ourZip)}** (production dependencies only)` +
      (h.templateZip !== undefined ? ` vs ${bytes(h.templateZip)} (**${ratio(h.ourZip / h.templateZip)}**)` : '') +
      '.',
  );
  sections.push(`## Cold start and build size

On the production entry: each build is unzipped into a temporary directory — what Zapier deploys — and each cold start is a
fresh \`node\` process that imports the build's \`zapierwrapper.js\` (what Zapier's Lambda loads: zapier-platform-core, the app,
\`createAppHandler\`) and runs the first invocation, \`handler(event)\`, in production mode with its logs streamed to a local sink:
this app's "Get Contact by ID" (a contact without custom fields, so one request to the sandbox); the template, which has no
operations, core's \`request\` command making the same request through its bearer-token middleware. The two apps alternate, after
one unmeasured run of each; medians of ${COLD_RUNS}. "Node start + bench script" is the time before the import begins (the same for both).

Both builds are made the same way, by \`npm run zip\` (scripts/zip.ts): the app's build script, then \`zapier-platform build
--skip-dep-install --skip-validation\` in a staging directory holding only the packages the app's \`dependencies\` reach (from
package-lock.json, copied from node_modules, offline). The template is Zapier's official TypeScript template, generated at bench
time with the CLI's bundled generator (\`zapier-platform init <tmp> --template oauth2 --language typescript\`), its dependencies
installed with \`npm install\`, given this app's \`.zapierapprc\` (the CLI's file detection misses the \`module-sync\` entry points
that Node 22 loads from a few packages; the template's build test fails without it too); nothing of it is kept. Building in place
instead (\`zapier-platform build --skip-dep-install\` in the app directory, what \`npm run zip\` did before) adds every
\`package.json\` under node_modules — devDependencies' too — as lone files, and optional packages a devDependency happens to
install (\`encoding\` → \`iconv-lite\`): this app's zip was 2.07 MB that way.

${c.markdown}`);
}

if (wants('sandbox')) {
  log(`the sandbox's own search cost at ${sandboxContacts} contacts`);
  sections.push(`## Appendix: the sandbox's own cost

For reading the timings above: what the sandbox spends on the contact searches the integration makes (every request is also
routed, authenticated and checked against HighLevel's OpenAPI spec). "Newest first" walks a date-added index; other sorts and
filters are one linear pass with a bounded heap.

${await measureSandboxSearch(sandboxContacts)}`);
}

// The relay's section is written by `npm run bench:relay` (relay/bench.ts): carried over as it is, before the appendix.
const benchmarksFile = join(ROOT, 'docs', 'BENCHMARKS.md');
const relaySection = existsSync(benchmarksFile)
  ? /^## Webhook relay\n[\s\S]*?(?=\n## |(?![\s\S]))/m.exec(readFileSync(benchmarksFile, 'utf8'))?.[0].trimEnd()
  : undefined;
if (relaySection) {
  const appendix = sections.findIndex((section) => section.startsWith('## Appendix'));
  sections.splice(appendix < 0 ? sections.length : appendix, 0, relaySection);
}

const m = machine();
const doc = `# Benchmarks

Generated by \`npm run bench\` (\`sandbox/bench.ts\`); regenerate it rather than edit it. All numbers are from the local
HighLevel sandbox (\`sandbox/\`, rate limit off), so they measure this integration and its platform, not HighLevel's servers.

| | |
|---|---|
| Date | ${when.toISOString()} |
| Command | \`npm run bench\` (\`npm run build && node sandbox/bench.ts\`), ${ms(performance.now() - started, 0)} |
| Code | ${git} |
| CPU | ${m.cpu}, ${m.cores} cores |
| Memory | ${m.memory} |
| Node | ${m.node} (${process.platform} ${process.arch}), zapier-platform-core ${built.coreVersion} |

## Headlines

${headlines.map((h) => `- ${h}`).join('\n')}

${sections.join('\n\n')}
`;

if (full) {
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), doc);
  log(`wrote docs/BENCHMARKS.md in ${ms(performance.now() - started, 0)}`);
  process.stdout.write(`${headlines.map((h) => `- ${h}`).join('\n')}\n`);
} else {
  process.stdout.write(doc);
}
