// Every "not found" names the kind of record, the step's field and the ID (issue #10 item 12), in every domain.
import { describe, expect, it } from '@jest/globals';
import { bundle, ghlApi, ghlError, reason, run } from './helpers.js';

const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const TASK = 'Tk9RmB3vQx7LpW2nZc4D';
const NOTE = 'Nt5QhVb2LkRz8WmYp3Jd';
const APPOINTMENT = '0TkCdp9PfvLeWKYRRvIz';
const CALENDAR = 'BqTwX8QFwXzpegMve9EQ';
const USER = 'YlWd2wuCAZQzh2cH1fVZ';

type Case = [string, () => unknown, [string, string, Record<string, unknown>], [string, string, string]];

describe('not found: kind, field and ID', () => {
  it.each<Case>([
    [
      'contact (Update Contact)',
      () =>
        ghlApi()
          .put(`/contacts/${CONTACT}`)
          .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`)),
      ['creates', 'update_contact', { contactId: CONTACT, firstName: 'Maria' }],
      ['contact', 'Contact', CONTACT],
    ],
    [
      'task (Update Task)',
      () => ghlApi().put(`/contacts/${CONTACT}/tasks/${TASK}`).reply(400, ghlError(400, 'Task not found')),
      ['creates', 'update_task', { contactId: CONTACT, taskId: TASK, title: 'Call back' }],
      ['task', 'Task', TASK],
    ],
    [
      "a task's contact (Create Task)",
      () =>
        ghlApi()
          .post(`/contacts/${CONTACT}/tasks`)
          .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`)),
      ['creates', 'create_task', { contactId: CONTACT, title: 'Call back', dueDate: '2026-12-01T09:30:00Z' }],
      ['contact', 'Contact', CONTACT],
    ],
    [
      'note (Delete Note)',
      () => ghlApi().delete(`/contacts/${CONTACT}/notes/${NOTE}`).reply(400, ghlError(400, 'Note not found')),
      ['creates', 'delete_note', { contactId: CONTACT, noteId: NOTE }],
      ['note', 'Note', NOTE],
    ],
    [
      'appointment (Delete Appointment: HighLevel says "Event not found")',
      () => ghlApi().delete(`/calendars/events/${APPOINTMENT}`, {}).reply(400, ghlError(400, 'Event not found')),
      ['creates', 'delete_appointment', { appointmentId: APPOINTMENT }],
      ['appointment', 'Appointment', APPOINTMENT],
    ],
    [
      'calendar in the path (Find Free Slots)',
      () => ghlApi().get(`/calendars/${CALENDAR}/free-slots`).query(true).reply(400, ghlError(400, 'Calendar not found')),
      ['searches', 'find_free_slots', { calendarId: CALENDAR }],
      ['calendar', 'Calendar', CALENDAR],
    ],
    [
      'calendar in the body (Create Appointment)',
      () => ghlApi().post('/calendars/events/appointments').reply(400, ghlError(400, 'Calendar not found')),
      [
        'creates',
        'create_appointment',
        { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01T14:00:00Z', assignedUserId: USER },
      ],
      ['calendar', 'Calendar', CALENDAR],
    ],
    [
      'calendar in the query (New Appointment)',
      () => ghlApi().get('/calendars/events').query(true).reply(400, ghlError(400, 'Calendar not found')),
      ['triggers', 'new_appointment', { calendarId: CALENDAR }],
      ['calendar', 'Calendar', CALENDAR],
    ],
  ])('%s', async (_what, reply, [group, key, input], [kind, field, id]) => {
    reply();
    const error = await reason(run(group as any, key, bundle({ ...input })));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(`HighLevel has no ${kind} with ID "${id}" in this sub-account`);
    expect(error.message).toContain(`Check the "${field}" field of this step`);
    expect(error.message).not.toMatch(/fields named above/);
  });
});
