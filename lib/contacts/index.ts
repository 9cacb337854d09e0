/**
 * Contacts, in rooms: fields.ts (the contact field table and everything derived from it: input fields, watch choices,
 * output fields, sample, each field's check), api.ts (write bodies, output shaping, reads), customFields.ts (the sub-account's
 * custom fields), polling.ts (the contact polling triggers), validation.ts (checks of standard fields), countries.ts
 * (the country table).
 * HighLevel facts they rely on: docs/contacts.md.
 */
export * from './api.js';
export * from './countries.js';
export * from './customFields.js';
export * from './fields.js';
export * from './polling.js';
export { birthDay } from './validation.js';
