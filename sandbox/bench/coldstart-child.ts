/**
 * One cold start, in a fresh process (spawned by coldstart.ts): import a built Zapier app, then run its first
 * perform through its own zapier-platform-core (createAppTester, as Zapier's runtime handler runs a step) against
 * the sandbox. Prints one line `COLDSTART {json}` with the timings (ms since this process started).
 *
 * Environment: BENCH_APP_DIR (the app's directory: its package.json, node_modules and `exports` entry),
 * BENCH_METHOD (`searches.get_contact.operation.perform`, or empty for a one-request ad-hoc perform),
 * BENCH_BUNDLE (the bundle, JSON), BENCH_URL (the request of the ad-hoc perform), BENCH_EXPECT_ID.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const started = performance.now(); // ms since the process started: Node's own start and this script's loading

const dir = process.env.BENCH_APP_DIR!;
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: string; main?: string };
const entry = join(dir, typeof pkg.exports === 'string' ? pkg.exports : (pkg.main ?? 'index.js'));

const app = (await import(pathToFileURL(entry).href)).default;
const imported = performance.now();

const core = (await import(pathToFileURL(join(dir, 'node_modules', 'zapier-platform-core', 'index.mjs')).href)).default;
const tester = core.createAppTester(app);
const bundle = JSON.parse(process.env.BENCH_BUNDLE ?? '{}');
const method = process.env.BENCH_METHOD;
const target = method
  ? method.split('.').reduce((node: any, part) => node?.[part], app)
  : (z: any) =>
      z
        .request({ url: process.env.BENCH_URL, headers: { Version: '2021-07-28', Accept: 'application/json' } })
        .then((r: any) => [r.data.contact]);
const result = await tester(target, bundle);
const performed = performance.now();

const id = Array.isArray(result) ? result[0]?.id : undefined;
if (id !== process.env.BENCH_EXPECT_ID) {
  console.error(`cold start: expected contact ${process.env.BENCH_EXPECT_ID}, got ${JSON.stringify(result).slice(0, 300)}`);
  process.exit(1);
}
console.log(
  `COLDSTART ${JSON.stringify({ bootMs: started, importMs: imported - started, firstPerformMs: performed - imported, totalMs: performed })}`,
);
