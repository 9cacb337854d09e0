import zapier, { defineApp } from 'zapier-platform-core';
import packageJson from './package.json' with { type: 'json' };
import authentication from './authentication.js';
import { addHighLevelHeaders, handleHighLevelErrors } from './lib/client.js';
import userList from './triggers/user_list.js';

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
  },
  searches: {},
  creates: {},
  searchOrCreates: {},
});
