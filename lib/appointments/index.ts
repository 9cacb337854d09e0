/**
 * Appointments (calendars spec, `Version: 2021-04-15`; plus `GET /contacts/{id}/appointments`, contacts spec), in rooms:
 * fields.ts (choices, input fields, samples, output fields), timezones.ts (timezone arithmetic, reading start/end
 * inputs), body.ts (create/edit bodies), api.ts (requests, output shaping), freeSlots.ts (Find Free Slots).
 * HighLevel facts they rely on: docs/appointments.md.
 */
export * from './api.js';
export * from './body.js';
export * from './fields.js';
export * from './freeSlots.js';
export * from './timezones.js';
