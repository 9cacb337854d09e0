/**
 * One cold start, in a fresh process (spawned by coldstart.ts), on the production entry: import a build's
 * `zapierwrapper.js` (what Zapier's Lambda loads: it imports zapier-platform-core and the app and makes
 * `handler = createAppHandler(app)`), then run its first invocation, `handler(event)`, with the event Zapier sends
 * (a log token: the invocation's logs stream to LOGGING_ENDPOINT, a local sink). Prints one line `COLDSTART {json}`
 * with the timings (ms since this process started).
 *
 * Environment: BENCH_APP_DIR (the unzipped build), BENCH_EVENT (the event, JSON), BENCH_EXPECT_ID (the contact id
 * the invocation must return: in `results[0].id` for an execute, in the JSON content for a `request` command).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const started = performance.now(); // ms since the process started: Node's own start and this script's loading

const wrapper = (await import(pathToFileURL(join(process.env.BENCH_APP_DIR!, 'zapierwrapper.js')).href)) as {
  handler: (event: unknown) => Promise<any>;
};
const imported = performance.now();

const output = await wrapper.handler(JSON.parse(process.env.BENCH_EVENT!));
const performed = performance.now();

const results = output?.results;
const id = Array.isArray(results) ? results[0]?.id : JSON.parse(results?.content ?? '{}')?.contact?.id;
if (id !== process.env.BENCH_EXPECT_ID) {
  console.error(`cold start: expected contact ${process.env.BENCH_EXPECT_ID}, got ${JSON.stringify(output).slice(0, 300)}`);
  process.exit(1);
}
console.log(
  `COLDSTART ${JSON.stringify({ bootMs: started, importMs: imported - started, firstPerformMs: performed - imported, totalMs: performed })}`,
);
