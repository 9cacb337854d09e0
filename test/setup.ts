// Runs before each test file (nock needs a per-file setup under Jest, see zapier-platform.md §3.3).
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import nock from 'nock';
import { takeSpecViolations } from './helpers.js';

process.env.CLIENT_ID ??= 'test-client-id';
process.env.CLIENT_SECRET ??= 'test-client-secret';

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/); // the local sandbox only
});
afterEach(() => {
  nock.cleanAll();
  // Every request a test sent through ghlApi() must be one HighLevel's spec accepts.
  expect(takeSpecViolations()).toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});
