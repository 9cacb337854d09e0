// Runs before each test file (nock needs a per-file setup under Jest, see zapier-platform.md §3.3).
import { afterAll, afterEach, beforeAll, expect, jest } from '@jest/globals';
import nock from 'nock';
import { takeSpecViolations } from './helpers.js';
import { forgetMintedTokens } from '../lib/agency.js';
import { forgetRotations } from '../authentication.js';

process.env.CLIENT_ID ??= 'test-client-id';
process.env.CLIENT_SECRET ??= 'test-client-secret';
// How long a refresh that lost a race waits for the winner's rotated tokens (3 s in production).
process.env.GHL_ROTATION_WAIT_MS ??= '20';

/**
 * zapier-platform-core calls process.exit(1) after 250 invocations in one process when RSS is over 450 MB — a Jest
 * worker holding the specs sits near 400 MB, so a long suite was killed with only "process.exit called with 1".
 * Core reads RSS capped below its limit; the real heap is untouched.
 */
function relaxCoreMemoryCheck(): void {
  const real = process.memoryUsage.bind(process);
  jest.spyOn(process, 'memoryUsage').mockImplementation((() => ({ ...real(), rss: Math.min(real().rss, 400e6) })) as any);
}

beforeAll(() => {
  relaxCoreMemoryCheck();
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/); // the local sandbox only
});
afterEach(() => {
  nock.cleanAll();
  forgetMintedTokens(); // location tokens minted in-process by one test are not another's
  forgetRotations(); // nor the rotated pair a refresh left for a concurrent run
  // Every request a test sent through ghlApi() must be one HighLevel's spec accepts.
  expect(takeSpecViolations()).toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});
