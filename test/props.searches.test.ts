// Bad input for EVERY create (App.searches, walked at run time): see test/props.support.ts for the property.
import { describe, expect, it } from '@jest/globals';
import { operationKeys } from './faults.support.js';
import { RUNS, checkOperation, useSandbox } from './props.support.js';

useSandbox();

describe(`every search: ${RUNS} generated inputs each end in a spec-valid request or a validation error naming a field`, () => {
  it.each(operationKeys('searches'))('%s', async (key) => {
    const stats = await checkOperation('searches', key);
    expect(stats.runs).toBeGreaterThanOrEqual(RUNS);
    // the generator reaches both outcomes, so the property is not vacuous
    expect(stats.inputErrors).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThan(0);
  });
});
