/**
 * Cold start and build size, on the production entry, against a minimal app made from Zapier's official TypeScript
 * template built the same way.
 *
 * - This app: `npm run zip` (scripts/zip.ts: production-only dependencies, offline) → build/build.zip, unzipped.
 * - The template: generated at bench time in a temp directory with the CLI's bundled generator
 *   (`zapier-platform init <dir> --template oauth2 --language typescript`; nothing of it is kept), its
 *   dependencies installed with `npm install`, built with scripts/zip.ts too (with this app's .zapierapprc, see
 *   makeTemplate), unzipped. The temp directory is removed afterwards.
 * - Cold start: a fresh `node` process imports the build's `zapierwrapper.js` — what Zapier's Lambda loads — and
 *   runs the first invocation, `handler(event)`, production mode, logs streamed to a local sink: one request to the
 *   sandbox (this app: "Get Contact by ID" for a contact without custom fields; the template, which has no
 *   operations: core's `request` command, the same request through its bearer-token middleware) — alternating
 *   the two apps, after one unmeasured run of each (file system cache warm). Medians.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED } from '../seed.ts';
import { leanZip } from '../../scripts/zip.ts';
import {
  ROOT,
  bundleFor,
  bytes,
  childEnv,
  int,
  log,
  median,
  ms,
  productionBuild,
  ratio,
  remoteSandbox,
  run,
  table,
  zapierSink,
} from './util.ts';

export interface ColdStartResult {
  markdown: string;
  headline: { ourMs: number; templateMs?: number; ourZip: number; templateZip?: number };
}

interface ZipStats {
  files: number;
  /** uncompressed bytes per package (`node_modules/x`) or top-level entry (`dist`, `definition.json`), lone package.json files left out */
  parts: Map<string, number>;
  /** package.json files of packages that have no other file in the zip (the CLI adds every package.json under node_modules, devDependencies' too) */
  manifestOnly: number;
  manifestOnlyBytes: number;
}

/** What a zip holds, from its central directory. */
function zipStats(path: string): ZipStats | undefined {
  const buf = readFileSync(path);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const byPackage = new Map<string, { files: number; manifestBytes: number; bytes: number }>();
  const topLevel = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) return undefined;
    const compressed = buf.readUInt32LE(at + 20);
    const uncompressed = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(name);
    if (!m) {
      const top = name.split('/')[0]!;
      topLevel.set(top, (topLevel.get(top) ?? 0) + uncompressed);
      continue;
    }
    const pkg = byPackage.get(m[1]!) ?? { files: 0, manifestBytes: 0, bytes: 0 };
    pkg.files++;
    pkg.bytes += uncompressed;
    if (m[2] === 'package.json') pkg.manifestBytes = compressed;
    byPackage.set(m[1]!, pkg);
  }
  const lone = [...byPackage.values()].filter((p) => p.files === 1 && p.manifestBytes > 0);
  const parts = new Map(topLevel);
  for (const [name, p] of byPackage) if (!(p.files === 1 && p.manifestBytes > 0)) parts.set(name.replace(/^.*node_modules\//, ''), p.bytes);
  return { files: count, parts, manifestOnly: lone.length, manifestOnlyBytes: lone.reduce((a, p) => a + p.manifestBytes, 0) };
}

/** Bytes of all files under a directory. */
function treeSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Unzips a build into `dir` (the `unzip` command); without `unzip`, the app's own directory (`fallback`) is used. */
async function unzipTo(zip: string, dir: string, fallback: string, notes: string[]): Promise<string> {
  try {
    await run('unzip', ['-q', '-o', zip, '-d', dir], { cwd: ROOT });
    return dir;
  } catch (e) {
    notes.push(
      `could not unzip ${zip} (${String((e as Error).message).split('\n')[0]}): that cold start ran from the app's directory instead`,
    );
    return fallback;
  }
}

const CLI = join(ROOT, 'node_modules', '.bin', 'zapier-platform');

interface Template {
  dir?: string;
  steps: [string, number][];
  error?: string;
}

async function makeTemplate(parent: string): Promise<Template> {
  const dir = join(parent, 'oauth2-typescript');
  const steps: [string, number][] = [];
  try {
    log('cold start: generating the official oauth2 TypeScript template');
    steps.push([
      '`zapier-platform init <tmp> --template oauth2 --language typescript`',
      (await run(CLI, ['init', dir, '--template', 'oauth2', '--language', 'typescript'], { cwd: parent })).ms,
    ]);
    log('cold start: npm install in the template');
    steps.push([
      '`npm install` (its package.json as generated)',
      (await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeoutMs: 400_000 })).ms,
    ]);
    // The same build configuration as this app: its .zapierapprc lists files the CLI's esbuild-based detection
    // misses (packages whose `module-sync` export Node 22 loads); without it the template's build test fails too.
    copyFileSync(join(ROOT, '.zapierapprc'), join(dir, '.zapierapprc'));
    log('cold start: building the template (scripts/zip.ts, as this app)');
    const t = performance.now();
    leanZip(dir, CLI, { quiet: true });
    steps.push(['`node scripts/zip.ts <tmp>` (its build script, then the production-only zip)', performance.now() - t]);
    return { dir, steps };
  } catch (e) {
    return { steps, error: String((e as Error).message).slice(0, 600) };
  }
}

interface Sample {
  bootMs: number;
  importMs: number;
  firstPerformMs: number;
  totalMs: number;
  wallMs: number;
}

async function coldStart(env: Record<string, string>): Promise<Sample> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [join(ROOT, 'sandbox', 'bench', 'coldstart-child.ts')], {
    cwd: env.BENCH_APP_DIR!,
    env: childEnv(env),
    timeoutMs: 60_000,
  });
  const wallMs = performance.now() - started;
  const line = stdout.split('\n').find((l) => l.startsWith('COLDSTART '));
  if (!line) throw new Error(`cold start: no result in ${stdout.slice(-500)}`);
  return { ...(JSON.parse(line.slice('COLDSTART '.length)) as Omit<Sample, 'wallMs'>), wallMs };
}

export async function measureColdStart(options: { runs: number }): Promise<ColdStartResult> {
  log('cold start: the production-only zip (this app)');
  const ourBuild = await productionBuild();
  const ourZipPath = ourBuild.zip;
  const ourZip = ourBuild.zipBytes;

  const parent = mkdtempSync(join(tmpdir(), 'hl-bench-template-'));
  try {
    const template = await makeTemplate(parent);
    const templateZipPath = template.dir ? join(template.dir, 'build', 'build.zip') : undefined;
    const templateZip = templateZipPath ? statSync(templateZipPath).size : undefined;

    const notes: string[] = [];
    const ourDir = ourBuild.dir;
    const templateDir =
      templateZipPath && template.dir ? await unzipTo(templateZipPath, join(parent, 'template-build'), template.dir, notes) : undefined;

    const cs = await remoteSandbox();
    const sink = await zapierSink();
    const contactId = SEED.contacts.alan; // no custom fields: one request in both apps
    const bundle = bundleFor(cs.token, { contactId });
    // As Zapier's Lambda runs: production mode, logs streamed (event.token) to the sink.
    const common = { NODE_ENV: 'production', GHL_API_BASE_URL: cs.url, LOGGING_ENDPOINT: `${sink.url}/input`, BENCH_EXPECT_ID: contactId };
    const event = (extra: Record<string, unknown>) => JSON.stringify({ token: 'bench-log-token', rpc_base: `${sink.url}/rpc`, ...extra });
    const apps: { name: string; env: Record<string, string> }[] = [
      {
        name: 'This app',
        env: {
          ...common,
          BENCH_APP_DIR: ourDir,
          BENCH_EVENT: event({ command: 'execute', method: 'searches.get_contact.operation.perform', bundle }),
        },
      },
    ];
    // The template has no operations: core's `request` command makes the same request through its bearer-token middleware.
    const request = { url: `${cs.url}/contacts/${contactId}`, headers: { Version: '2021-07-28', Accept: 'application/json' } };
    if (templateDir)
      apps.push({
        name: 'Official template (oauth2, TypeScript)',
        env: { ...common, BENCH_APP_DIR: templateDir, BENCH_EVENT: event({ command: 'request', bundle: { ...bundle, request } }) },
      });

    const samples = new Map<string, Sample[]>(apps.map((a) => [a.name, []]));
    const requests = new Map<string, number>();
    log(`cold start: ${options.runs} runs per app`);
    for (let i = -1; i < options.runs; i++) {
      for (const app of apps) {
        await cs.take();
        const sample = await coldStart(app.env);
        const hits = await cs.take();
        if (i < 0) {
          requests.set(app.name, hits.length);
          continue; // the unmeasured run
        }
        samples.get(app.name)!.push(sample);
      }
    }
    await cs.close();
    await sink.close();

    const med = (name: string, key: keyof Sample) => median(samples.get(name)!.map((s) => s[key]));
    /** import + first perform, per run, then the median */
    const cold = (name: string) => median(samples.get(name)!.map((s) => s.importMs + s.firstPerformMs));
    const ours = apps[0]!.name;
    const theirs = apps[1]?.name;
    const rows = apps.map((a) => [
      a.name,
      ms(med(a.name, 'importMs'), 0),
      ms(med(a.name, 'firstPerformMs'), 0),
      `**${ms(cold(a.name), 0)}**`,
      ms(med(a.name, 'bootMs'), 0),
      ms(med(a.name, 'wallMs'), 0),
      requests.get(a.name),
    ]);
    const ourMs = cold(ours);
    const templateMs = theirs ? cold(theirs) : undefined;
    const ourStats = zipStats(ourZipPath);
    const templateStats = templateZipPath ? zipStats(templateZipPath) : undefined;
    const files = (z: ZipStats | undefined) =>
      z ? `${int(z.files)} (${int(z.manifestOnly)} of them a lone package.json, ${bytes(z.manifestOnlyBytes)} compressed)` : '?';

    const markdown = [
      table(
        [
          'App',
          'Import the built app',
          'First perform',
          'Import + first perform (median)',
          'Node start + bench script',
          'Process wall time',
          'Requests of the first perform',
        ],
        rows,
      ),
      '',
      theirs && templateMs !== undefined
        ? `Import + first perform: this app ${ratio(ourMs / templateMs)} the template's.`
        : `Template comparison unavailable: ${template.error ?? 'unknown error'}`,
      '',
      table(
        ['Build', 'build/build.zip', '≈ without the lone package.json files', 'Unzipped', 'Files in it', 'Build time'],
        [
          [
            'This app (`npm run zip` = scripts/zip.ts)',
            bytes(ourZip),
            bytes(ourZip - (ourStats?.manifestOnlyBytes ?? 0)),
            bytes(treeSize(ourDir)),
            files(ourStats),
            ms(ourBuild.buildMs, 0),
          ],
          ...(templateZip !== undefined && templateDir
            ? [
                [
                  'Official template, built the same way (scripts/zip.ts)',
                  bytes(templateZip),
                  bytes(templateZip - (templateStats?.manifestOnlyBytes ?? 0)),
                  templateDir === join(parent, 'template-build') ? bytes(treeSize(templateDir)) : '?',
                  files(templateStats),
                  ms(template.steps.at(-1)?.[1] ?? NaN, 0),
                ],
              ]
            : []),
        ],
      ),
      '',
      templateZip !== undefined
        ? `Zip size: this app ${ratio(ourZip / templateZip)} the template's (${bytes(ourZip - templateZip)} more); without the lone package.json files ` +
          `${ratio((ourZip - (ourStats?.manifestOnlyBytes ?? 0)) / (templateZip - (templateStats?.manifestOnlyBytes ?? 0)))}.`
        : '',
      '',
      ourStats && templateStats
        ? `What this app's build has beyond the template's (uncompressed; packages at a different version count as different): ${[
            ...ourStats.parts,
          ]
            .map(([name, size]) => [name, size - (templateStats.parts.get(name) ?? 0)] as const)
            .filter(([, extra]) => extra > 0)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 6)
            .map(([name, extra]) => `${name} ${bytes(extra)}`)
            .join(', ')}.`
        : '',
      '',
      ...notes.map((n) => `Note: ${n}.\n`),
      `Template preparation (not part of the comparison): ${template.steps.map(([what, t]) => `${what} ${ms(t, 0)}`).join('; ') || 'failed'}${template.error ? ` — failed: ${template.error.split('\n')[0]}` : ''}.`,
    ].join('\n');
    return { markdown, headline: { ourMs, templateMs, ourZip, templateZip } };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
