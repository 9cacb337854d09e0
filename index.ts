import zapier, { defineApp } from 'zapier-platform-core';
import packageJson from './package.json' with { type: 'json' };
import authentication from './authentication.js';
import { addHighLevelHeaders, handleHighLevelErrors } from './lib/client.js';
import userList from './triggers/user_list.js';
// --- imports: contacts ---
// --- imports: contact triggers ---
// --- imports: tags, campaigns, workflows, followers, api request ---
// --- imports: tasks ---
// --- imports: notes ---
// --- imports: appointments ---

export default defineApp({
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  // 429s reach handleHighLevelErrors, which reads HighLevel's X-RateLimit-* headers for the retry delay.
  flags: { throwForThrottlingEarly: false, cleanInputData: true },
  beforeRequest: [addHighLevelHeaders],
  afterResponse: [handleHighLevelErrors],
  triggers: {
    [userList.key]: userList,
    // --- triggers: contacts ---
    // --- triggers: contact triggers ---
    // --- triggers: tags, campaigns, workflows, followers, api request ---
    // --- triggers: tasks ---
    // --- triggers: notes ---
    // --- triggers: appointments ---
  },
  searches: {
    // --- searches: contacts ---
    // --- searches: tags, campaigns, workflows, followers, api request ---
    // --- searches: tasks ---
    // --- searches: notes ---
    // --- searches: appointments ---
  },
  creates: {
    // --- creates: contacts ---
    // --- creates: tags, campaigns, workflows, followers, api request ---
    // --- creates: tasks ---
    // --- creates: notes ---
    // --- creates: appointments ---
  },
  searchOrCreates: {
    // --- searchOrCreates: contacts ---
    // --- searchOrCreates: tasks ---
  },
});
