/**
 * Property-based bad input (fast-check) for every create and search: inputs are generated from each operation's
 * own input field definitions (static fields and the dynamic ones, e.g. custom fields), so a new operation or field
 * is covered without touching this file. Requests are intercepted with ghlApi() (spec-checked) and answered by the
 * local sandbox — realistic answers (seed records, "not found", duplicates) for whatever the app sends.
 *
 * The property, per run: the operation ends EITHER
 *   - in requests that all pass HighLevel's spec check, then a result of the right shape or a Zapier error; OR
 *   - in a validation error (`invalid_input`, status 400) that names one of the operation's fields, with NO request
 *     sent (the only read allowed first is the custom field definitions that validating a custom field needs);
 * never in an unexpected exception (TypeError, a raw Error, a failed response check). And when a required field is
 * missing or blank, the outcome MUST be that validation error.
 *
 * Reproduce a failure: FC_SEED=<seed printed> npm run jest -- test/props. Scale: FC_RUNS=<runs per operation>.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import fc from 'fast-check';
import nock from 'nock';
import { bundle, explain, ghlApi, takeSpecViolations } from './helpers.js';
import { IDS, ZAPIER_ERRORS, fieldNames, isInputError, soloApp, soloRun } from './faults.support.js';
import type { Group } from './faults.support.js';
import zapier from 'zapier-platform-core';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox } from '../sandbox/server.js';

export const RUNS = Number(process.env.FC_RUNS) || 60;
export const BASE_SEED = Number(process.env.FC_SEED) || 20261122;

/** A stable per-operation seed, so each operation gets its own reproducible sequence. */
export const seedFor = (key: string) => [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, BASE_SEED);

// ------------------------------------------------------------------------------------------------ the sandbox

let sandbox: Sandbox;
/** Seed ids by kind (the sandbox's once it runs; fixed look-alikes for suites without it). */
let ids: Record<string, string[]> = {
  contact: [IDS.contact, IDS.contact2],
  task: [IDS.task],
  note: [IDS.note],
  appointment: [IDS.appointment],
  calendar: [IDS.calendar],
  user: [IDS.user],
  campaign: [IDS.campaign],
  workflow: [IDS.workflow],
  business: [IDS.business],
};
const sandboxCrashes: string[] = [];

/** Starts the sandbox and the spec-checked interception that forwards every request to it (call at file level). */
export function useSandbox(): void {
  beforeAll(async () => {
    sandbox = await startSandbox({
      rateLimit: false,
      log: (line) => {
        if (line.startsWith('sandbox error')) sandboxCrashes.push(line.split('\n')[0]!);
      },
    });
    const loc = sandbox.store.primary;
    ids = {
      contact: Object.values(SEED.contacts),
      task: [...loc.tasks.keys()],
      note: [...loc.notes.keys()],
      appointment: [...loc.appointments.keys()],
      calendar: Object.values(SEED.calendars),
      user: Object.values(SEED.users),
      campaign: [SEED.campaignId],
      workflow: Object.values(SEED.workflows),
      business: [SEED.businessId],
    };
  });
  afterAll(async () => {
    await sandbox?.close();
    nock.cleanAll();
    // The sandbox is another component: its crashes are reported here, not counted against the app.
    if (sandboxCrashes.length)
      console.warn(`sandbox crashed ${sandboxCrashes.length} time(s):\n${[...new Set(sandboxCrashes)].join('\n')}`);
  });
}

type Sent = { method: string; path: string };
let sent: Sent[] = [];

/** Intercepts every method on the API host (spec-checked by ghlApi) and answers from the sandbox. */
function interceptAll(): void {
  nock.cleanAll();
  const scope = ghlApi().persist();
  scope.on('request', (req: any) =>
    sent.push({ method: String(req.method).toUpperCase(), path: new URL(req.url ?? req.path, 'http://x').pathname }),
  );
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
    // nock 15 hands a reply function the intercepted request as a Fetch API Request
    scope
      .intercept(() => true, method)
      .reply(async (request: any) => {
        const url = new URL(request.url);
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'version', 'content-type', 'accept']) {
          const v = request.headers.get(name);
          if (v !== null) headers[name] = v;
        }
        const payload = method === 'GET' ? undefined : await request.text();
        const res = await fetch(sandbox.url + url.pathname + url.search, { method, headers, body: payload || undefined });
        return [res.status, await res.text(), { 'content-type': res.headers.get('content-type') ?? 'application/json' }];
      });
  }
}

/** A fresh seed state and token for one run. */
function freshAuth(): Record<string, string> {
  sandbox.store.reset();
  const t = sandbox.issueToken();
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    locationId: SEED.locationId,
    companyId: t.companyId,
    userId: t.userId,
  };
}

// ------------------------------------------------------------------------------------------------ arbitraries

const ABSENT = Symbol('absent');

/** Texts a user (or an upstream step) can put anywhere: control characters, markup, paths, placeholders, scripts. */
export const HOSTILE = [
  ' ',
  '  \t\n  ',
  'null',
  'undefined',
  'NaN',
  '0',
  '-1',
  '1e309',
  'true',
  '[]',
  '{}',
  '[object Object]',
  '<script>alert(1)</script>',
  '<b>bold</b> &amp; &lt;i&gt;',
  "O'Brien",
  '"quoted"',
  "'; DROP TABLE contacts; --",
  '../../../etc/passwd',
  '..%2F..%2Foauth%2Ftoken',
  'a/b',
  'a?b=c&d=e',
  'a#frag',
  '%',
  '%E0%A4%A',
  'a,b',
  ',',
  ' , ,',
  '\\',
  '\u0000',
  '\u0007\u001b[31mred',
  '\u202eevil',
  '\ufeffbom',
  '\ud800',
  'Zoë Ñandú',
  '日本語のテキスト',
  'مرحبا بالعالم',
  '😀🎉👩‍👩‍👧‍👦',
  'ｆｕｌｌｗｉｄｔｈ',
  '${process.env.CLIENT_SECRET}',
  '{{zap.meta.id}}',
  '$(rm -rf /)',
  'https://evil.example/x',
  '//evil.example/x',
  'javascript:alert(1)',
];

/** ~100 KB: plain and unicode. */
const HUGE = ['x'.repeat(100_000), 'Zoë 日本 😀 — '.repeat(8_000)];

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);

/** Values of the wrong type for a text field: lists, numbers, booleans, null, numbers as strings. */
const wrongType = fc.oneof(
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
  fc.array(fc.constantFrom('a', 'b', ' '), { minLength: 1, maxLength: 2 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

const pad = (n: number) => String(n).padStart(2, '0');
const anyDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
/** A date and time in the forms a Zap carries (Zapier's ISO, epoch seconds/ms, "2026-12-01 14:00", an offset). */
const dateTimeArb = anyDate.chain((d) =>
  fc.constantFrom(
    d.toISOString(),
    d.toISOString().replace(/\.\d{3}Z$/, '+05:30'),
    d.toISOString().slice(0, 16).replace('T', ' '),
    String(Math.floor(d.getTime() / 1000)),
    String(d.getTime()),
  ),
);
/** A calendar day as people write it (year first, month first, written out). */
const dayArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString().slice(0, 10), `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`));
/** Dates that are not (or not quite) dates. */
const oddDateArb = fc.oneof(
  anyDate.map((d) => d.toUTCString()),
  anyDate.map((d) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`),
  fc.constantFrom(
    'tomorrow 9am',
    'not a date',
    '2026-13-45',
    '2026-02-30T10:00:00Z',
    '2026-12-01',
    '0',
    '99999999999999',
    'Sep 25, 1990',
    '2026-12-01T25:00',
    '2999-01-01',
  ),
);

const validEmail = fc.oneof(
  fc.constantFrom('maria@example.com', 'ada@analytical.example', ' MARIA.Lopez+zap@Example.COM ', 'o.brien@sub.example.co.uk'),
  fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}@[a-z][a-z0-9-]{0,12}\.(com|org|io|example)$/),
);
const oddEmail = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('a@b', 'maria@@example.com', 'maria@example.com, ada@example.com', 'maria@exa mple.com', 'ädä@exämple.com', 'maria'),
);
const validPhone = fc.oneof(
  fc.stringMatching(/^\+1 [2-9]\d{2} \d{3} \d{4}$/),
  fc.constantFrom('+1 555 010 2030', '+44 20 7946 0958', '(312) 555-0142', '+4915112345678'),
);
const oddPhone = fc.oneof(
  fc.stringMatching(/^\+?[0-9 ().-]{0,25}$/),
  fc.constantFrom('555', 'call me', '+123456789012345678', '+1 (312) 555-0142 ext. 4'),
);

const randomId = fc.stringMatching(/^[A-Za-z0-9]{20}$/);

/** The kind of record an id field refers to, by its key. */
function idKind(key: string): string | undefined {
  if (/^(contactId|contacts)$/.test(key)) return 'contact';
  if (key === 'taskId') return 'task';
  if (key === 'noteId') return 'note';
  if (key === 'appointmentId') return 'appointment';
  if (key === 'calendarId') return 'calendar';
  if (key === 'campaignId') return 'campaign';
  if (key === 'workflowId') return 'workflow';
  if (/^(assignedTo|assignedUserId|userId|followers)$/.test(key)) return 'user';
  if (key === 'business') return 'business';
  return undefined;
}

const seedId = (kind: string) => fc.constantFrom(...(ids[kind]?.length ? ids[kind]! : ['none']));

function choiceValues(field: any): { values: string[]; labels: string[] } {
  const list = Array.isArray(field.choices) ? field.choices : Object.entries(field.choices).map(([value, label]) => ({ value, label }));
  return {
    values: list.map((c: any) => (typeof c === 'string' ? c : String(c.value))),
    labels: list.map((c: any) => (typeof c === 'string' ? c : String(c.label ?? c.value))),
  };
}

/** Values a user can rightly give this field (free text is anything, markup and 100 KB included). */
function valid(field: any): fc.Arbitrary<unknown> {
  const key: string = field.key;
  const kind = idKind(key);
  if (key === 'path')
    return fc.constantFrom(
      `/contacts/${SEED.contacts.ada}`,
      '/locations/{locationId}/tags',
      '/contacts/?locationId={locationId}&limit=5',
      `https://services.leadconnectorhq.com/contacts/${SEED.contacts.grace}/notes`,
    );
  if (key === 'body' && field.label === 'Body (JSON)') return fc.constantFrom('{"name": "vip"}', '{"name": "{locationId}"}', '{}');
  if (field.dict)
    return fc.dictionary(fc.constantFrom('locationId', 'limit', 'query'), fc.constantFrom('{locationId}', '5', 'maria'), { maxKeys: 2 });
  if (field.choices) return fc.constantFrom(...choiceValues(field).values);
  if (field.type === 'boolean') return fc.constantFrom(true, false, 'true', 'false');
  if (field.type === 'integer' || field.type === 'number')
    return fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }).map(String));
  if (key === 'dateOfBirth') return dayArb;
  if (field.type === 'datetime' || /date|time$/i.test(key)) return dateTimeArb;
  if (/email/i.test(key)) return validEmail;
  if (/phone/i.test(key)) return validPhone;
  if (key === 'website') return fc.constantFrom('https://www.example.com', 'example.com', 'www.example.co.uk/path?q=1');
  if (key === 'country') return fc.constantFrom('US', 'us', 'Germany', 'united states of america', 'UK');
  if (key === 'timezone') return fc.constantFrom('America/Chicago', 'UTC', 'Europe/Kyiv', 'Asia/Kolkata');
  if (key === 'color') return fc.constantFrom('#FFAA00', 'fa0', '#abc');
  if (key === 'tags') return fc.constantFrom('vip', 'VIP', ' newsletter ', 'new lead', 'Zoë', 'a,b', '🎉');
  if (key === 'version') return fc.constantFrom('2021-07-28', '2021-04-15');
  if (kind) return seedId(kind);
  return text;
}

/** Values a user should be told about: near misses, hostile text, other kinds of ids, wrong types. */
function odd(field: any): fc.Arbitrary<unknown> {
  const key: string = field.key;
  const kind = idKind(key);
  const specific: fc.Arbitrary<unknown>[] = [];
  if (key === 'path')
    specific.push(
      fc.constantFrom(
        '/contacts/{contactId}',
        '/contacts/:contactId/notes',
        'contacts',
        '/oauth/token',
        '/contacts/../../oauth/token',
        '/%E0%A4%A',
        'https://evil.example/x',
        '//evil.example',
      ),
    );
  else if (key === 'body' && field.label === 'Body (JSON)')
    specific.push(fc.constantFrom('{', '[]', 'null', '"x"', '{"tags": ["a", 1, null]}'));
  else if (field.choices) {
    const { values, labels } = choiceValues(field);
    specific.push(
      fc.constantFrom(...values).map((v) => ` ${v.toUpperCase()} `),
      fc.constantFrom(...labels, 'nonsense'),
    );
  } else if (field.type === 'boolean') specific.push(fc.constantFrom('yes', 'no', 'Yes', '1', '0', 'on', 'maybe', 2));
  else if (field.type === 'integer' || field.type === 'number')
    specific.push(fc.integer({ min: -10, max: 20_000 }), fc.constantFrom(' 45 ', '30 minutes', '1.5', '1e3', '1,000', '$199.99', 0, -5));
  else if (key === 'dateOfBirth' || field.type === 'datetime' || /date|time$/i.test(key)) specific.push(oddDateArb, dayArb, dateTimeArb);
  else if (/email/i.test(key)) specific.push(oddEmail);
  else if (/phone/i.test(key)) specific.push(oddPhone);
  else if (key === 'website') specific.push(fc.constantFrom('not a url', 'javascript:alert(1)', 'http://', 'a b.com'));
  else if (key === 'country') specific.push(fc.constantFrom('XX', 'Narnia', 'U.S.', 'usa '));
  else if (key === 'timezone') specific.push(fc.constantFrom('Mars/Olympus', 'EST', '+05:00', 'america/chicago'));
  else if (key === 'color') specific.push(fc.constantFrom('red', '#GGGGGG', '#FFAA0', '##FFAA00'));
  else if (key === 'version') specific.push(fc.constantFrom('v3', '2021-07-28\r\nX-Evil: 1'));
  else if (kind) specific.push(randomId, fc.constantFrom(...Object.values(ids).flat()));
  return fc.oneof(...specific, fc.constantFrom(...HOSTILE), fc.constantFrom(...HUGE), wrongType);
}

/** A value of `arb` as a list field may carry it: a list, one value, or one text with commas. */
const asList = (arb: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(arb, { maxLength: 4 }) },
    { weight: 2, arbitrary: arb },
    { weight: 1, arbitrary: fc.array(arb, { minLength: 1, maxLength: 3 }).map((a) => a.map(String).join(', ')) },
  );

const validValue = (f: any) => (f.list ? asList(valid(f)) : valid(f));
const oddValue = (f: any) => (f.list ? fc.oneof(asList(odd(f)), asList(fc.oneof(valid(f), odd(f)))) : odd(f));

/**
 * inputData for an operation, in three moods: every field absent or valid; the same with ONE field odd (the
 * message must name that field's problem, not crash); and chaos (any field odd). `cleanInputData` drops empty
 * strings as Zapier does.
 */
export function inputArb(fields: any[], extraKeys: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const usable = fields.filter((f) => f.key && f.type !== 'copy');
  const clean = (f: any) => fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 3, arbitrary: validValue(f) });
  const record = (pick: (f: any) => fc.Arbitrary<unknown>) => {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of usable) shape[f.key] = pick(f);
    for (const k of extraKeys) shape[k] = fc.oneof({ weight: 5, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: text });
    return fc.record(shape);
  };
  const oneOdd = record(clean).chain((base) =>
    usable.length ? fc.constantFrom(...usable).chain((f) => oddValue(f).map((v) => ({ ...base, [f.key]: v }))) : fc.constant(base),
  );
  const chaos = record((f) =>
    fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 2, arbitrary: validValue(f) }, { weight: 1, arbitrary: oddValue(f) }),
  );
  return fc.oneof({ weight: 2, arbitrary: record(clean) }, { weight: 3, arbitrary: oneOdd }, { weight: 2, arbitrary: chaos }).map((raw) => {
    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) if (v !== ABSENT && v !== '') input[k] = v;
    return input;
  });
}

/** Blank as a required field goes: missing, null, whitespace (commas too, for lists), or a list of blanks. */
export function isBlank(value: unknown, list: boolean): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return (list ? value.replace(/,/g, '') : value).trim() === '';
  if (Array.isArray(value)) return value.every((v) => isBlank(v, list));
  return false;
}

// ------------------------------------------------------------------------------------------------ the property

/** The operation's fields: the static ones, plus those its inputFields functions return (custom fields). */
export async function allFields(group: Group, key: string): Promise<any[]> {
  const declared = (soloApp(group, key)[group][key].operation.inputFields ?? []) as unknown[];
  const out: any[] = [];
  const tester = zapier.createAppTester(soloApp(group, key)) as any;
  interceptAll();
  for (const f of declared) {
    if (typeof f !== 'function') out.push(f);
    else out.push(...((await tester(f, { ...bundle(), authData: freshAuth() })) as any[]));
  }
  return out.filter((f) => f && typeof f === 'object' && f.type !== 'copy');
}

const CUSTOM_FIELD_DEFS = 'customFields';
/**
 * Reads a check may need before it can judge the input: the custom field definitions, and the appointment an edit
 * starts from (an End Time alone must be after its current start). Never a write.
 */
const allowedBeforeValidation = (s: Sent) =>
  s.method === 'GET' && (s.path.endsWith(`/${CUSTOM_FIELD_DEFS}`) || /^\/calendars\/events\/appointments\/[^/]+$/.test(s.path));

export interface Outcome {
  input: Record<string, unknown>;
  result?: unknown;
  error?: Error;
  sent: Sent[];
  violations: string[];
}

/** One run: a fresh seed state, the operation through zapier-platform-core, what it sent and how it ended. */
export async function runOnce(group: Group, key: string, input: Record<string, unknown>): Promise<Outcome> {
  const authData = freshAuth();
  sent = [];
  takeSpecViolations();
  const b = { ...bundle(input), authData };
  try {
    return { input, result: await soloRun(group, key, b), sent, violations: takeSpecViolations() };
  } catch (error) {
    return { input, error: error as Error, sent, violations: takeSpecViolations() };
  }
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s;
};

/** Checks one outcome; throws (fast-check then shrinks the input) with what went wrong. */
export function checkOutcome(group: Group, key: string, fields: any[], o: Outcome, extraKeys: string[] = []): void {
  const where = `${group}.${key} with ${short(o.input)}`;
  const names = fieldNames(group, key, [
    ...fields.flatMap((f) => [f.label, f.key]),
    ...[...fields.map((f) => f.key), ...extraKeys].map((k) => String(k).replace(/^customField_/, '')),
  ]);
  const userRequest = key === 'api_request'; // the user writes this request: its spec conformance is theirs

  if (!userRequest && o.violations.length) throw new Error(`${where}: a request HighLevel's spec rejects:\n${o.violations.join('\n')}`);
  if (o.sent.some((s) => /^\/oauth/i.test(s.path))) throw new Error(`${where}: sent a request to ${o.sent.map((s) => s.path).join(', ')}`);

  const required = fields.filter((f) => f.required && f.default === undefined);
  const blank = required.filter((f) => isBlank(o.input[f.key], Boolean(f.list)));

  if (o.error) {
    if (!ZAPIER_ERRORS.has(o.error.name))
      throw new Error(`${where}: unexpected ${o.error.name}: ${short(o.error.message)}\n${o.error.stack ?? ''}`);
    if (isInputError(o.error)) {
      const message = explain(o.error).message;
      if (!names.some((n) => message.includes(n))) throw new Error(`${where}: the validation message names no field: ${short(message)}`);
      const early = o.sent.filter((s) => !allowedBeforeValidation(s));
      if (early.length)
        throw new Error(
          `${where}: sent ${early.map((s) => `${s.method} ${s.path}`).join(', ')} before failing validation: ${short(message)}`,
        );
      return;
    }
    if (!o.sent.length)
      throw new Error(`${where}: failed without a request and without a validation error: ${o.error.name} ${short(o.error.message)}`);
  }
  if (blank.length) {
    const got = o.error ? `${o.error.name} ${short(o.error.message)}` : `a result: ${short(o.result)}`;
    throw new Error(
      `${where}: required ${blank.map((f) => `"${f.label}"`).join(', ')} blank, yet no validation error (sent ${o.sent.map((s) => `${s.method} ${s.path}`).join(', ') || 'nothing'}; ${got})`,
    );
  }
  if (!o.error) {
    if (!o.sent.length) throw new Error(`${where}: returned without any request: ${short(o.result)}`);
    if (group === 'creates') expect(o.result).toEqual(expect.any(Object));
    else expect(Array.isArray(o.result)).toBe(true);
  }
}

/** The property for one operation; prints the seed to reproduce a failure. */
export async function checkOperation(
  group: Group,
  key: string,
): Promise<{ runs: number; inputErrors: number; requests: number; ok: number }> {
  const fields = await allFields(group, key);
  const known = new Set(fields.map((f) => f.key));
  // A custom field key the sub-account does not have (contact write actions only).
  const extra = fields.some((f) => String(f.key).startsWith('customField_'))
    ? ['customField_no_such_field'].filter((k) => !known.has(k))
    : [];
  const stats = { runs: 0, inputErrors: 0, requests: 0, ok: 0 };
  interceptAll();
  const seed = seedFor(`${group}.${key}`);
  await fc.assert(
    fc.asyncProperty(inputArb(fields, extra), async (input) => {
      const t = performance.now();
      const o = await runOnce(group, key, input);
      if (process.env.PROPS_SLOW && performance.now() - t > Number(process.env.PROPS_SLOW))
        console.log(
          `${Math.round(performance.now() - t)} ms: ${short(input)} → ${o.sent.map((s) => s.method + ' ' + s.path.slice(0, 60)).join(', ')} ${o.error ? o.error.name + ' ' + short(o.error.message) : ''}`,
        );
      stats.runs++;
      if (o.error && isInputError(o.error)) stats.inputErrors++;
      if (o.sent.length) stats.requests++;
      if (!o.error) stats.ok++;
      checkOutcome(group, key, fields, o, extra);
    }),
    {
      numRuns: RUNS,
      seed,
      endOnFailure: false,
      reporter: (details) => {
        if (details.failed) {
          throw new Error(
            `${group}.${key} failed after ${details.numRuns} run(s) (reproduce: FC_SEED=${BASE_SEED} npm run jest -- test/props; seed ${details.seed}, path "${details.counterexamplePath}")\n` +
              `counterexample: ${short(details.counterexample)}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String((details as any).error)}`,
          );
        }
      },
    },
  );
  if (process.env.PROPS_RSS) {
    (globalThis as any).gc?.();
    console.log(`${group}.${key}: heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
  }
  return stats;
}

export { sandboxCrashes };

const fieldCache = new Map<string, any[]>();
/** One given input through the same property (for counterexamples kept as regression examples). */
export async function checkExample(group: Group, key: string, input: Record<string, unknown>): Promise<Outcome> {
  const id = `${group}.${key}`;
  if (!fieldCache.has(id)) fieldCache.set(id, await allFields(group, key));
  interceptAll();
  const o = await runOnce(group, key, input);
  checkOutcome(group, key, fieldCache.get(id)!, o, Object.keys(input));
  return o;
}
