/**
 * Shared pieces of `npm run bench` (sandbox/bench.ts): a sandbox that counts the requests it receives, the built
 * app and its app tester, bundles, statistics and Markdown helpers.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TokenResponse } from '../server.ts';
import { authDataOf } from '../zapier.ts';
import type { Ids } from '../cases.ts';
import type { ScenarioName } from './scenarios.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ------------------------------------------------------------------------------------------------ sandbox

export interface Hit {
  method: string;
  /** the path as sent, without the query */
  path: string;
  /** the spec's path template, e.g. `/contacts/{contactId}` */
  template: string;
  status: number;
  /** the sandbox's own time for the request (from receiving it to the response's finish), ms */
  ms: number;
}

/** The sandbox in its own process (server-child.ts), counting the requests it answers. */
export interface RemoteSandbox {
  url: string;
  /** the current token (a new one after each reset) */
  token: TokenResponse;
  /** ms from fork to listening, seeding included */
  startMs: number;
  /** Requests answered since the last take (admin routes excluded). */
  take(): Promise<Hit[]>;
  /** Back to the seed (same generated contacts) with a fresh token. */
  reset(): Promise<void>;
  ids(): Promise<Ids>;
  scenario(name: ScenarioName, ...args: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** Forks a sandbox with `contacts` extra generated contacts (rate limit off). */
export function remoteSandbox(options: { contacts?: number } = {}): Promise<RemoteSandbox> {
  const started = performance.now();
  const child = fork(join(ROOT, 'sandbox', 'bench', 'server-child.ts'), [JSON.stringify(options)], {
    env: childEnv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const call = (cmd: string, args: unknown[] = []) =>
    new Promise<any>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`the sandbox process exited (${code})`);
      reject(error); // before it was ready (no-op after)
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: any) => {
      if (message?.ready) {
        const remote: RemoteSandbox = {
          url: message.ready.url,
          token: message.ready.token,
          startMs: performance.now() - started,
          take: () => call('take'),
          reset: async () => {
            remote.token = await call('reset');
          },
          ids: () => call('ids'),
          scenario: (name, ...args) => call('scenario', [name, ...args]),
          close: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.disconnect();
            }),
        };
        resolve(remote);
        return;
      }
      const waiter = pending.get(message?.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  });
}

/** Zapier's log server and RPC endpoint in their own process (sink-child.ts). */
export interface ZapierSink {
  url: string;
  /** log POSTs (one per invocation), log lines and RPC calls since the last take */
  take(): Promise<{ logPosts: number; logLines: number; rpcCalls: number }>;
  close(): Promise<void>;
}

export function zapierSink(): Promise<ZapierSink> {
  const child = fork(join(ROOT, 'sandbox', 'bench', 'sink-child.ts'), [], {
    env: childEnv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, (v: any) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sink process exited (${code})`)));
    child.on('message', (message: any) => {
      if (message?.ready) {
        resolve({
          url: message.ready.url,
          take: () =>
            new Promise((done) => {
              const id = ++next;
              pending.set(id, done);
              child.send({ id, cmd: 'take' });
            }),
          close: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.disconnect();
            }),
        });
        return;
      }
      pending.get(message?.id)?.(message.result);
      pending.delete(message?.id);
    });
  });
}

// ------------------------------------------------------------------------------------------------ the app

export type Group = 'triggers' | 'creates' | 'searches';

/**
 * Runs one method of the app, named by its path (e.g. `searches.get_contact.operation.perform`), through
 * `zapier.createAppTester` — zapier-platform-core's own runtime handler, as Zapier invokes it per step — and
 * resolves to its results. `zcache` is the app's `z.cache` between calls (the tester's in-memory stand-in for
 * Zapier's cache); assign `{}` to empty it.
 */
export type Invoke = ((method: string, bundle: unknown) => Promise<any>) & { zcache: Record<string, unknown> };

export interface BuiltApp {
  App: any;
  /** an invoker for the built app (see loadBuiltApp on the http patch) */
  createInvoker(): Invoke;
  /** the same for any other app definition (the overhead section's minimal app) */
  createInvokerFor(app: any): Invoke;
  coreVersion: string;
}

/**
 * The built app (dist/index.js, as `npm run build` leaves it) and app testers for it.
 *
 * The tester runs the app with `flags.skipHttpPatch`: on each invocation the runtime otherwise wraps Node's
 * http/https `request` and the global `fetch` with a request logger for traffic that does NOT go through
 * `z.request` (this app sends everything through `z.request`, which the wrapper passes straight through). Left on,
 * it would tax the bare clients and the SDK that the overhead section measures in the same process.
 */
export async function loadBuiltApp(): Promise<BuiltApp> {
  const core = (await import('zapier-platform-core')).default as any;
  const App = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)).default;
  const createInvokerFor = (app: any): Invoke => {
    const tester = core.createAppTester({ ...app, flags: { ...(app.flags ?? {}), skipHttpPatch: true } });
    const invoke = ((method: string, bundle: unknown) => {
      const target = method.split('.').reduce((node: any, part) => node?.[part], app);
      if (!target) throw new Error(`bench: the app has no ${method}`);
      tester.zcacheTestObj = invoke.zcache;
      return tester(target, bundle);
    }) as Invoke;
    invoke.zcache = {};
    return invoke;
  };
  return { App, createInvoker: () => createInvokerFor(App), createInvokerFor, coreVersion: core.version };
}

/** The deployable build: `npm run zip` (scripts/zip.ts, production dependencies only) unzipped, as Zapier deploys it. */
export interface ProductionBuild {
  zip: string;
  zipBytes: number;
  /** the unzipped build: zapierwrapper.js (Zapier's Lambda entry), package.json, dist/, node_modules/ */
  dir: string;
  buildMs: number;
}

let production: Promise<ProductionBuild> | undefined;
/** Builds the zip once per bench run (after `npm run build`, so without the build script) and unzips it; removed at exit. */
export function productionBuild(): Promise<ProductionBuild> {
  production ??= (async () => {
    const { leanZip } = await import('../../scripts/zip.ts');
    const started = performance.now();
    const zip = leanZip(ROOT, join(ROOT, 'node_modules', '.bin', 'zapier-platform'), { buildScript: false, quiet: true });
    const buildMs = performance.now() - started;
    const dir = mkdtempSync(join(tmpdir(), 'hl-bench-build-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await run('unzip', ['-q', '-o', zip, '-d', dir], { cwd: ROOT });
    return { zip, zipBytes: statSync(zip).size, dir, buildMs };
  })();
  return production;
}

/** A bundle as Zapier sends it for the connected sub-account. */
export function bundleFor(token: TokenResponse, inputData: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): any {
  return {
    authData: authDataOf(token),
    inputData,
    meta: { isLoadingSample: false, isFillingDynamicDropdown: false, isPopulatingDedupe: false, limit: -1, page: 0, ...meta },
  };
}

// ------------------------------------------------------------------------------------------------ numbers

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const ms = (v: number, digits = 2) => `${v.toFixed(digits)} ms`;
export const ratio = (v: number) => `${v.toFixed(2)}×`;
export const int = (v: number) => v.toLocaleString('en-US');
export const bytes = (v: number) => (v >= 1_048_576 ? `${(v / 1_048_576).toFixed(2)} MiB` : `${(v / 1024).toFixed(1)} KiB`);

// ------------------------------------------------------------------------------------------------ markdown

const cell = (v: unknown) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

export function table(head: string[], rows: unknown[][]): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ machine, processes

export function machine(): { cpu: string; cores: number; memory: string; node: string } {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
  };
}

/** The environment for child processes: this Node first on the PATH (npm scripts run the `node` devDependency), no CLI analytics. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    DISABLE_ZAPIER_ANALYTICS: '1',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** Runs a command; resolves with its output, rejects (with the output) when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, ms });
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code}:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
          ),
        );
    });
  });
}

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
