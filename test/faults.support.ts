/**
 * Shared by the "hard to break" suites (faults.*.test.ts, props.*.test.ts): running one operation cheaply, telling
 * a Zapier error a user can act on from a crash, a valid input for every create and search, and capturing what
 * zapier-platform-core writes to its logs.
 */
import { jest } from '@jest/globals';
import zapier from 'zapier-platform-core';
import { App, COMPANY_ID, LOCATION_ID, USER_ID, explain } from './helpers.js';
import { caseOf } from '../sandbox/cases.js';
import type { Ids } from '../sandbox/cases.js';

export type Group = 'creates' | 'searches' | 'triggers';
const app = App as any;

/**
 * The app with only one operation. The app tester compiles the whole app on every call (~25 ms for this app);
 * this compiles one operation (~1 ms), with the same authentication, middleware and flags — so a property can run
 * hundreds of times per operation and stay fast.
 */
export function soloApp(group: Group, key: string): any {
  const op = app[group]?.[key];
  if (!op) throw new Error(`no ${group}.${key} in the app`);
  return { ...app, triggers: {}, creates: {}, searches: {}, searchOrCreates: {}, [group]: { [key]: op } };
}

const testers = new Map<string, (fn: unknown, bundle: unknown) => Promise<any>>();
/** Runs one operation's perform through zapier-platform-core (middleware, response checks) on its solo app. */
export function soloRun(group: Group, key: string, bundle: unknown): Promise<any> {
  const id = `${group}.${key}`;
  let tester = testers.get(id);
  if (!tester) {
    tester = zapier.createAppTester(soloApp(group, key)) as any;
    testers.set(id, tester!);
  }
  return tester!(app[group][key].operation.perform, bundle);
}

/** The errors Zapier shows a user as a step's outcome. Anything else (TypeError, FetchError, ResponseError…) is a crash. */
export const ZAPIER_ERRORS = new Set(['AppError', 'ExpiredAuthError', 'RefreshAuthError', 'ThrottledError', 'HaltedError']);

/** The operation keys of a group, as the app defines them now (a new operation is picked up automatically). */
export const operationKeys = (group: Group): string[] => Object.keys(app[group] ?? {}).sort();

/** The static input fields of an operation (function fields — custom fields — are left out). */
export const staticFields = (group: Group, key: string): any[] =>
  (app[group][key].operation.inputFields ?? []).filter((f: unknown) => typeof f === 'object' && f !== null);

/** Labels and keys of an operation's fields: what a validation message must name. */
export function fieldNames(group: Group, key: string, extra: string[] = []): string[] {
  return [...staticFields(group, key).flatMap((f) => [f.label, f.key]), ...extra].filter(
    (s): s is string => typeof s === 'string' && s.length > 1,
  );
}

/** Is this a validation error the app raised before any request (`inputError`: code invalid_input, status 400)? */
export function isInputError(error: unknown): boolean {
  const e = error as Error;
  if (e?.name !== 'AppError') return false;
  const { code, status } = explain(e);
  return code === 'invalid_input' && status === 400;
}

// -------------------------------------------------------------------------------------------------------------
// A valid input for every create and search: its row in sandbox/cases.ts (shared with the e2e suite and the
// benchmarks), with `direct` where the typical input's first request is not the main one. The fault suites walk
// App.creates and App.searches: an operation added to the app without a row there fails them. Each input makes
// the operation's FIRST request its main one (for a create: the write), so a failure of that request ends the run.

export const IDS = {
  contact: 'sx6wyHhbFdRXh302LLNR',
  contact2: 'qFSqySFkVvNzOSqgGqFi',
  task: 'ocQHyuzHvysMo5N5VsXc',
  note: 'Nt5QhVb2LkRz8WmYp3Jd',
  appointment: '0TkCdp9PfvLeWKYRRvIz',
  calendar: 'BqTwX8QFwXzpegMve9EQ',
  campaign: 'Y2I9XM7aO1hncuSOlc9L',
  workflow: '78559bb3-b920-461e-b010-7b2a2816d2a9',
  business: '641c094001436dbc2081e642',
  user: USER_ID,
  location: LOCATION_ID,
  company: COMPANY_ID,
};

/** The seed-generated ids the cases take, as fixed ids (these suites answer with nock, not the sandbox). */
const FIXED_IDS: Ids = {
  adaTask: IDS.task,
  graceDoneTask: IDS.task,
  adaNote: IDS.note,
  adaAppointment: IDS.appointment,
  now: Date.parse('2026-11-20T12:00:00Z'),
};

/** The valid input of an operation, or a failure that says where to add it. */
export function validInput(group: 'creates' | 'searches', key: string): Record<string, unknown> {
  const row = caseOf(group, key);
  return { ...(row.direct ?? row.input)(FIXED_IDS) };
}

// -------------------------------------------------------------------------------------------------------------
// What reaches the logs

export interface LogLine {
  message: string;
  data: Record<string, unknown>;
}

export interface LoggedRun {
  result?: unknown;
  error?: Error;
  /** what zapier-platform-core hands its log sink (Zapier's log server in production): already scrubbed by core */
  logs: LogLine[];
  /** what reached the process console (z.console, core's own console output) */
  console: string[];
}

/**
 * Runs `method` (e.g. `creates.create_note.operation.perform`, `authentication.oauth2Config.refreshAccessToken`)
 * as Zapier does — core's Lambda handler — with a log sink attached, and captures the console too. The sink gets
 * exactly what core would send to Zapier's log server: every z.request (method, URL, request and response headers
 * and bodies), every z.console line and the error of a failed run, after core's secret scrubbing.
 */
export async function loggedRun(
  appRaw: any,
  method: string,
  bundle: unknown,
  eventExtra: Record<string, unknown> = {},
): Promise<LoggedRun> {
  const handler = (zapier as any).createAppHandler(appRaw) as (event: unknown) => Promise<{ results: unknown }>;
  const logs: LogLine[] = [];
  const consoleLines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '));
    }),
  );
  const event = {
    command: 'execute',
    method,
    bundle,
    zcacheTestObj: {},
    customLogger: (message: string, data: Record<string, unknown>) => logs.push({ message: String(message), data }),
    ...eventExtra,
  };
  try {
    const out = await handler(event);
    return { result: out.results, logs, console: consoleLines };
  } catch (error) {
    return { error: error as Error, logs, console: consoleLines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Everything a log line holds, as text (errors with their message and stack). */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) return { ...v, name: v.name, message: v.message, stack: v.stack };
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}

/** Every place a secret could show up after a run: the error (message and stack), the logs, the console. */
export function textsOf(run: LoggedRun): string[] {
  return [
    run.error ? `${run.error.message}\n${run.error.stack ?? ''}` : '',
    ...run.logs.map((l) => `${l.message}\n${safeStringify(l.data)}`),
    ...run.console,
  ].filter(Boolean);
}
