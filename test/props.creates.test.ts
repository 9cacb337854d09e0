// Bad input for EVERY create (App.creates, walked at run time): see test/props.support.ts for the property.
import { describe, expect, it } from '@jest/globals';
import { operationKeys } from './faults.support.js';
import { RUNS, checkOperation, useSandbox } from './props.support.js';

useSandbox();

describe(`every create: ${RUNS} generated inputs each end in a spec-valid request or a validation error naming a field`, () => {
  it.each(process.env.PROPS_ONLY ? [process.env.PROPS_ONLY] : operationKeys('creates'))('%s', async (key) => {
    const stats = await checkOperation('creates', key);
    expect(stats.runs).toBeGreaterThanOrEqual(RUNS);
    // the generator reaches both outcomes, so the property is not vacuous
    expect(stats.inputErrors).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThan(0);
  });
});
