// Walks the whole app definition and fails on what would stop publishing (Zapier's D0xx checks that the local
// `validate --without-style` does not run) or on what a reviewer would send back.
import { describe, expect, it } from '@jest/globals';
import { App } from './helpers.js';

type Op = { key: string; noun: string; display: any; operation: any };
const kinds = { triggers: 'trigger', creates: 'create', searches: 'search' } as const;
const all: { kind: (typeof kinds)[keyof typeof kinds]; op: Op }[] = (Object.keys(kinds) as (keyof typeof kinds)[]).flatMap((group) =>
  Object.values<Op>((App as any)[group] ?? {}).map((op) => ({ kind: kinds[group], op })),
);
const visible = all.filter(({ op }) => !op.display?.hidden);

const SMALL = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'but',
  'to',
  'in',
  'on',
  'for',
  'of',
  'by',
  'at',
  'from',
  'with',
  'as',
  'per',
  'via',
  'vs',
]);
/** Zapier's Title Case: every word capitalized except short connecting words (never the first). */
export function titleCaseProblems(label: string): string[] {
  return label
    .split(/\s+/)
    .filter((w, i) => /^[a-z]/.test(w) && (i === 0 || !SMALL.has(w.replace(/[^a-z]/g, ''))))
    .map((w) => `"${w}" in "${label}"`);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
function badDates(value: unknown, path = ''): string[] {
  if (typeof value === 'string')
    return /^\d{4}-\d{2}-\d{2}/.test(value) && !ISO.test(value) && !DATE_ONLY.test(value) ? [`${path}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => badDates(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => badDates(v, path ? `${path}.${k}` : k));
  return [];
}

/** Follows an output field key (`a__b`, `list[]child`) into the sample; `undefined` when absent. */
function lookup(sample: any, key: string): unknown {
  if (key.includes('[]')) {
    const [list, child] = key.split('[]') as [string, string];
    const items = lookup(sample, list);
    return Array.isArray(items) && items.length ? lookup(items[0], child) : undefined;
  }
  return key.split('__').reduce<any>((v, part) => (v === undefined || v === null ? undefined : v[part]), sample);
}

const typeOk = (type: string | undefined, value: unknown) =>
  value === null ||
  !type ||
  (type === 'integer' && Number.isInteger(value)) ||
  (type === 'number' && typeof value === 'number') ||
  (type === 'boolean' && typeof value === 'boolean') ||
  (type === 'datetime' && typeof value === 'string' && (ISO.test(value) || DATE_ONLY.test(value))) ||
  (['string', 'text', 'password', 'copy', 'file'].includes(type) && ['string', 'number'].includes(typeof value));

const staticFields = (op: Op): any[] => (op.operation.inputFields ?? []).filter((f: any) => typeof f !== 'function');

describe('app definition', () => {
  it('has operations', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  const cases = visible.map(({ kind, op }) => [`${kind} ${op.key}`, kind, op] as const);
  (cases.length ? it.each(cases) : it.skip.each([['(no visible operation yet)', 'trigger', {} as Op] as const]))(
    '%s follows the publishing rules',
    (_name, kind, op) => {
      const problems: string[] = [];
      const { label, description } = op.display;
      problems.push(...titleCaseProblems(label).map((p) => `label not in Title Case: ${p}`));
      if (kind === 'trigger' && !/^Triggers when .+\.$/.test(description))
        problems.push(`trigger description must start "Triggers when " and end with ".": ${description}`);
      if (kind !== 'trigger' && !/^[A-Z][a-z]+s\b.+\.$/.test(description))
        problems.push(`description must start with a verb ("Creates …", "Finds …") and end with ".": ${description}`);
      const sample = op.operation.sample;
      if (!sample) problems.push('no sample (D012)');
      if (kind === 'trigger' && sample && sample.id === undefined && !(op.operation.outputFields ?? []).some((f: any) => f.primary))
        problems.push('trigger sample has no id (D010)');
      problems.push(...badDates(sample).map((d) => `sample date not ISO 8601 with a timezone (D023): ${d}`));
      const outputs = (op.operation.outputFields ?? []).filter((f: any) => typeof f !== 'function');
      if (!outputs.length) problems.push('no outputFields');
      for (const f of outputs) {
        if (!f.label) problems.push(`output field ${f.key} has no label`);
        const v = lookup(sample, f.key);
        if (v === undefined) problems.push(`output field ${f.key} is not in the sample (D024)`);
        else if (!typeOk(f.type, v)) problems.push(`output field ${f.key} is ${f.type} but the sample has ${JSON.stringify(v)} (D024)`);
      }
      if (kind === 'search' && !(op.operation.inputFields ?? []).length) problems.push('search without input fields (D009)');
      for (const f of staticFields(op)) {
        if (f.label) problems.push(...titleCaseProblems(f.label).map((p) => `input field ${f.key} label not in Title Case: ${p}`));
        if (!f.helpText && f.type !== 'copy') problems.push(`input field ${f.key} has no help text`);
        if (f.helpText && f.label && f.helpText.trim() === f.label.trim())
          problems.push(`input field ${f.key} help text equals its label (D011)`);
        const isId = /(^id|Id|Ids|_id)$/.test(f.key) && f.type !== 'copy';
        if (isId && !f.dynamic && !f.choices) problems.push(`id field ${f.key} has no dropdown (D004)`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('every dropdown and search button points at an operation that exists (D005, D013, D014)', () => {
    const problems: string[] = [];
    for (const { op } of all) {
      for (const f of staticFields(op)) {
        if (f.dynamic && !(App as any).triggers?.[f.dynamic.split('.')[0]]) problems.push(`${op.key}.${f.key}: no trigger ${f.dynamic}`);
        if (f.search && !f.dynamic) problems.push(`${op.key}.${f.key}: search without dynamic (D014)`);
        if (f.search && !(App as any).searches?.[f.search.split('.')[0]]) problems.push(`${op.key}.${f.key}: no search ${f.search}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no trigger field offers "add a search step": a trigger has no earlier step to put one in', () => {
    const offending = all
      .filter(({ kind }) => kind === 'trigger')
      .flatMap(({ op }) =>
        staticFields(op)
          .filter((f) => f.search)
          .map((f) => `${op.key}.${f.key} (search: ${f.search})`),
      );
    expect(offending).toEqual([]);
  });

  it('stays small: zapier-platform-core re-compiles the definition on every invocation (docs/BENCHMARKS.md)', () => {
    // Long static choice lists (timezones, countries) repeated on several actions made it 168 KB; then ~118 KB;
    // the eight instant triggers (#14) add ~20 KB (each repeats its twin's sample and output fields): ~139 KB with agency.
    const size = JSON.stringify(App).length; // functions drop out; the definition is the rest
    expect(size).toBeLessThan(142_000);
  });

  // Instant (REST hook) triggers: each `<twin>_instant` beside a polling twin, with the whole hook lifecycle and
  // exactly the twin's output (Zapier: D006 performList, T006 sample keys ⊆ hook keys).
  const hooks = all.filter(({ kind, op }) => kind === 'trigger' && op.operation.type === 'hook').map(({ op }) => op);
  it('has the eight instant triggers of #14', () => {
    expect(hooks.map((op) => op.key).sort()).toEqual(
      [
        'appointment_updated_instant',
        'new_appointment_instant',
        'new_contact_instant',
        'new_note_instant',
        'new_task_instant',
        'tag_added_instant',
        'task_completed_instant',
        'updated_contact_instant',
      ].sort(),
    );
  });
  it.each(hooks.map((op) => [op.key, op] as const))('hook trigger %s: subscribe, unsubscribe, perform, list, twin output', (_k, op) => {
    const problems: string[] = [];
    const o = op.operation;
    for (const fn of ['performSubscribe', 'performUnsubscribe', 'perform', 'performList'])
      if (typeof o[fn] !== 'function') problems.push(`${fn} is not a function`);
    const twin = (App as any).triggers[op.key.replace(/_instant$/, '')];
    if (!twin || twin.operation.type !== 'polling') problems.push('no polling twin');
    else {
      if (o.performList !== twin.operation.perform) problems.push("performList is not the twin's perform");
      if (JSON.stringify(o.sample) !== JSON.stringify(twin.operation.sample)) problems.push("sample differs from the twin's");
      const keys = (fields: any[]) => fields.map((f) => (typeof f === 'function' ? 'fn' : `${f.key}:${f.label}:${f.type ?? ''}`));
      if (JSON.stringify(keys(o.outputFields)) !== JSON.stringify(keys(twin.operation.outputFields)))
        problems.push("output fields differ from the twin's");
      if (!op.display.label.startsWith(twin.display.label) || op.display.label === twin.display.label)
        problems.push(`label "${op.display.label}" does not tell it from its twin "${twin.display.label}"`);
      if (!/instant/i.test(op.display.description)) problems.push('description does not say it is instant');
    }
    expect(problems).toEqual([]);
  });

  it('the title-case check itself catches a lower-case word', () => {
    expect(titleCaseProblems('Find contact by Email')).toEqual(['"contact" in "Find contact by Email"']);
    expect(titleCaseProblems('Add Contact to Campaign')).toEqual([]);
  });
});
