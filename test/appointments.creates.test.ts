// Appointment actions: Create, Update, Cancel, Delete (calendars API, Version 2021-04-15).
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { LOCATION_ID, USER_ID, bundle, failure, ghlApi, ghlError, run, specChecked, specProblems } from './helpers.js';
import { apiBaseUrl } from '../lib/config.js';

const CALENDAR = 'BqTwX8QFwXzpegMve9EQ';
const OTHER_CALENDAR = 'CVokAlI8fgw4WYWoCtQz';
const CONTACT = 'sx6wyHhbFdRXh302LLNR';
const APPOINTMENT = '0TkCdp9PfvLeWKYRRvIz';
const STAFF = 'YlWd2wuCAZQzh2cH1fVZ';
const CREATE = '/calendars/events/appointments';
const EDIT = `/calendars/events/appointments/${APPOINTMENT}`;

/** The user-facing message of a Zapier error (its message is JSON: { message, code, status }). */
const details = async (promise: Promise<unknown>): Promise<{ name: string; message: string; code?: string; status?: number }> => {
  const error = await failure(promise);
  try {
    return { name: error.name, ...JSON.parse(error.message) };
  } catch {
    return { name: error.name, message: error.message };
  }
};

/** HighLevel's bare create/edit answer (`AppointmentSchemaResponse`): no dateAdded/dateUpdated. */
const apiAppointment = (over: Record<string, unknown> = {}) => ({
  id: APPOINTMENT,
  calendarId: CALENDAR,
  locationId: LOCATION_ID,
  contactId: CONTACT,
  startTime: '2026-12-01T14:00:00-05:00',
  endTime: '2026-12-01T14:45:00-05:00',
  title: 'Consultation with Maria Lopez',
  meetingLocationType: 'zoom',
  appointmentStatus: 'confirmed',
  assignedUserId: STAFF,
  address: 'https://zoom.us/j/98765432100',
  isRecurring: false,
  ...over,
});

/** `GET /calendars/{id}`: a calendar whose team is the given users (the first one primary). */
const apiCalendar = (id: string, team: string[]) => ({
  calendar: {
    id,
    locationId: LOCATION_ID,
    name: 'Initial Consultation',
    slotDuration: 30,
    slotDurationUnit: 'mins',
    teamMembers: team.map((userId, i) => ({ userId, priority: 0.5, isPrimary: i === 0 })),
  },
});

/** `GET /calendars/events/appointments/{id}` → `{ event }`: the appointment an edit starts from. */
const currentEvent = (over: Record<string, unknown> = {}) => ({
  event: {
    ...apiAppointment(),
    groupId: 'ocQHyuzHvysMo5N5VsXc',
    users: [STAFF],
    dateAdded: '2026-11-20T10:00:00-05:00',
    dateUpdated: '2026-11-20T10:00:00-05:00',
    ...over,
  },
});

/** Update/Cancel as HighLevel sees them: the current appointment read first, then the edit that must match `edit`. */
const readThenEdit = (edit: nock.RequestBodyMatcher, answer: ReturnType<typeof apiAppointment>) =>
  ghlApi().get(EDIT).reply(200, currentEvent()).put(EDIT, edit).reply(200, answer);

describe('create_appointment', () => {
  // Without an Assigned User, Create reads the calendar's team once; here the connected user is on it.
  beforeEach(() => {
    ghlApi()
      .get(`/calendars/${CALENDAR}`)
      .optionally()
      .reply(200, apiCalendar(CALENDAR, [USER_ID, STAFF]))
      .persist();
  });

  it('books with every field given: times in the chosen timezone with offset, Version 2021-04-15; returns the appointment with its ids', async () => {
    // ghlApi() with header expectations: spec-checked like every other scope, and the Version must be 2021-04-15.
    const scope = specChecked(nock(apiBaseUrl(), { reqheaders: { version: '2021-04-15', authorization: /^Bearer / } }));
    scope
      .post(CREATE, (body) => {
        expect(body).toEqual({
          calendarId: CALENDAR,
          locationId: LOCATION_ID,
          contactId: CONTACT,
          startTime: '2026-12-01T14:00:00-05:00',
          endTime: '2026-12-01T14:45:00-05:00',
          title: 'Consultation with Maria Lopez',
          description: 'Quote for 12 seats',
          appointmentStatus: 'confirmed',
          assignedUserId: STAFF,
          meetingLocationType: 'zoom',
          address: 'https://zoom.us/j/98765432100',
          overrideLocationConfig: true,
          toNotify: false,
          ignoreFreeSlotValidation: true,
        });
        // What the live API would say about this request: nothing.
        expect(specProblems({ method: 'POST', path: CREATE, headers: { version: '2021-04-15' }, body })).toEqual([]);
        return true;
      })
      .reply(200, apiAppointment());
    const appointment = await run(
      'creates',
      'create_appointment',
      bundle(
        {
          calendarId: CALENDAR,
          contactId: CONTACT,
          startTime: '2026-12-01 14:00',
          duration: 45,
          timezone: 'America/New_York',
          appointmentStatus: 'confirmed',
          assignedUserId: STAFF,
          title: ' Consultation with Maria Lopez ',
          description: 'Quote for 12 seats',
          meetingLocationType: 'zoom',
          address: 'https://zoom.us/j/98765432100',
          toNotify: 'false',
          ignoreFreeSlotValidation: true,
        },
        { timezone: 'Europe/Berlin' }, // the Timezone input wins over the Zap's timezone
      ),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment).toEqual({
      ...apiAppointment(),
      startTime: '2026-12-01T19:00:00.000Z',
      endTime: '2026-12-01T19:45:00.000Z',
    });
  });

  it('the spec check rejects a calendars request sent with the contacts Version header', () => {
    const body = { calendarId: CALENDAR, locationId: LOCATION_ID, contactId: CONTACT, startTime: '2026-12-01T14:00:00Z' };
    expect(specProblems({ method: 'POST', path: CREATE, headers: { version: '2021-07-28' }, body }).join('\n')).toMatch(/version/i);
    expect(
      specProblems({ method: 'POST', path: CREATE, headers: { version: '2021-04-15' }, body: { ...body, notes: 'x' } }).join('\n'),
    ).toMatch(/notes/);
  });

  it('assigns the connected user when Assigned User is empty, and leaves the end to the calendar when End Time and Duration are empty', async () => {
    const scope = ghlApi()
      .post(CREATE, {
        calendarId: CALENDAR,
        locationId: LOCATION_ID,
        contactId: CONTACT,
        startTime: '2026-12-01T14:00:00+01:00',
        assignedUserId: USER_ID,
      })
      .reply(200, apiAppointment({ assignedUserId: USER_ID }));
    const appointment = await run(
      'creates',
      'create_appointment',
      bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' }, { timezone: 'Europe/Berlin' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment.assignedUserId).toBe(USER_ID);
  });

  it.each([
    ['no Timezone input and no Zap timezone: UTC', { startTime: '2026-12-01 14:00' }, {}, '2026-12-01T14:00:00Z', undefined],
    [
      'a start with its own offset, expressed in the chosen zone',
      { startTime: '2026-12-01T19:00:00Z', timezone: 'America/Chicago' },
      {},
      '2026-12-01T13:00:00-06:00',
      undefined,
    ],
    [
      'End Time wins over Duration',
      { startTime: '2026-12-01 14:00', endTime: '2026-12-01 15:30', duration: 10 },
      { timezone: 'America/New_York' },
      '2026-12-01T14:00:00-05:00',
      '2026-12-01T15:30:00-05:00',
    ],
    [
      'epoch milliseconds',
      { startTime: '1796151600000', duration: '30' },
      { timezone: 'UTC' },
      '2026-12-01T19:00:00Z',
      '2026-12-01T19:30:00Z',
    ],
  ])('times: %s', async (_what, times, meta, startTime, endTime) => {
    const scope = ghlApi()
      .post(CREATE, (body) => {
        expect(body.startTime).toBe(startTime);
        expect(body.endTime).toBe(endTime);
        return true;
      })
      .reply(200, apiAppointment());
    await run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, ...times }, meta));
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['no start time', { calendarId: CALENDAR, contactId: CONTACT }, /"Start Time" field is required/],
    ['no calendar', { contactId: CONTACT, startTime: '2026-12-01 14:00' }, /"Calendar" field is required/],
    [
      'an end before the start',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', endTime: '2026-12-01 13:00' },
      /"End Time" field must be after the start/,
    ],
    [
      'a date without time',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01' },
      /"Start Time" field .*time of day is needed/,
    ],
    [
      'an unknown status',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', appointmentStatus: 'booked' },
      /"Status" field must be one of/,
    ],
    [
      'a bad duration',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', duration: '1.5' },
      /"Duration \(Minutes\)" field must be a whole number/,
    ],
    [
      'a bad timezone',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', timezone: 'EST5' },
      /"Timezone" field must be a timezone name/,
    ],
    [
      'a bad boolean',
      { calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', toNotify: 'maybe' },
      /"Run HighLevel Automations" field must be Yes or No/,
    ],
  ])('refuses %s before any request', async (_what, input, problem) => {
    // No interceptor: a request would fail with a network error instead of this message.
    const error = await details(run('creates', 'create_appointment', bundle(input)));
    expect(error.message).toMatch(problem);
    expect(error.code).toBe('invalid_input');
  });

  it('explains a slot that is not available and points at "Ignore Availability"', async () => {
    ghlApi().post(CREATE).reply(400, ghlError(400, 'The slot you have selected is no longer available.'));
    const error = await details(
      run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' })),
    );
    expect(error.code).toBe('slot_not_available');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/no longer available/);
    expect(error.message).toMatch(/"Ignore Availability" to Yes/);
  });

  it('explains the missing assignee HighLevel sometimes insists on (#23)', async () => {
    ghlApi().post(CREATE).reply(400, ghlError(400, 'Either userId or assignedUserId must be set'));
    const error = await details(
      run('creates', 'create_appointment', {
        ...bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' }),
        authData: { access_token: 'at', locationId: LOCATION_ID },
      }),
    );
    expect(error.code).toBe('assigned_user_required');
    expect(error.message).toMatch(/Pick the Assigned User/);
  });

  it("lists a 422's messages", async () => {
    ghlApi()
      .post(CREATE)
      .reply(422, ghlError(422, ['startTime must be a valid ISO 8601 date string'], { error: 'Unprocessable Entity' }));
    const error = await details(
      run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' })),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/HighLevel rejected the request \(422\):\n- startTime must be a valid ISO 8601 date string/);
  });

  it('names an unknown contact', async () => {
    ghlApi()
      .post(CREATE)
      .reply(400, ghlError(400, `Contact with id ${CONTACT} not found`));
    const error = await details(
      run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' })),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Contact with id sx6wyHhbFdRXh302LLNR not found/);
  });

  it('asks for a reconnect when the connection lacks the calendars/events.write scope', async () => {
    ghlApi().post(CREATE).reply(401, ghlError(401, 'The token is not authorized for this scope.'));
    const error = await failure(
      run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' })),
    );
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Reconnect HighLevel/);
  });

  it('says so when HighLevel answers without the appointment', async () => {
    ghlApi().post(CREATE).reply(200, { traceId: 'x' });
    const error = await details(
      run('creates', 'create_appointment', bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' })),
    );
    expect(error.code).toBe('unexpected_response');
  });

  it("on a team calendar without the connected user, books the calendar's primary team member (one calendar read, then the booking)", async () => {
    const scope = ghlApi()
      .get(`/calendars/${OTHER_CALENDAR}`)
      .reply(200, apiCalendar(OTHER_CALENDAR, [STAFF, 'Yc5HjN8rTf3QwE6uPa2M']))
      .post(CREATE, (body) => body.assignedUserId === STAFF && body.calendarId === OTHER_CALENDAR)
      .reply(200, apiAppointment({ calendarId: OTHER_CALENDAR }));
    const appointment = await run(
      'creates',
      'create_appointment',
      bundle({ calendarId: OTHER_CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment.assignedUserId).toBe(STAFF);
  });

  it('prefers the highest-priority team member when none is primary, and keeps the connected user on a calendar without a team', async () => {
    const RANKED = 'Rk7VbN2qWx5TzL9cHs3D'; // a calendar no other test reads (the calendar read is cached)
    const ranked = {
      calendar: {
        id: RANKED,
        teamMembers: [
          { userId: 'low', priority: 0 },
          { userId: STAFF, priority: 1 },
        ],
      },
    };
    const scope = ghlApi()
      .get(`/calendars/${RANKED}`)
      .reply(200, ranked)
      .post(CREATE, (body) => body.assignedUserId === STAFF)
      .reply(200, apiAppointment());
    await run('creates', 'create_appointment', bundle({ calendarId: RANKED, contactId: CONTACT, startTime: '2026-12-01 14:00' }));
    expect(scope.isDone()).toBe(true);

    const solo = 'Pc2mZq8RtX4vLn6sKd1W';
    const personal = ghlApi()
      .get(`/calendars/${solo}`)
      .reply(200, { calendar: { id: solo, teamMembers: [] } })
      .post(CREATE, (body) => body.assignedUserId === USER_ID)
      .reply(200, apiAppointment({ assignedUserId: USER_ID }));
    await run('creates', 'create_appointment', bundle({ calendarId: solo, contactId: CONTACT, startTime: '2026-12-01 14:00' }));
    expect(personal.isDone()).toBe(true);
  });

  it('reads no calendar when the Assigned User is given (one request)', async () => {
    const UNREAD = 'Un4PqR8sTv2WxY6zAb1C';
    let reads = 0;
    ghlApi()
      .get(`/calendars/${UNREAD}`)
      .optionally()
      .reply(() => {
        reads++;
        return [200, apiCalendar(UNREAD, [STAFF])];
      });
    const scope = ghlApi()
      .post(CREATE, (body) => body.assignedUserId === USER_ID)
      .reply(200, apiAppointment());
    await run(
      'creates',
      'create_appointment',
      bundle({ calendarId: UNREAD, contactId: CONTACT, startTime: '2026-12-01 14:00', assignedUserId: USER_ID }),
    );
    expect(scope.isDone()).toBe(true);
    expect(reads).toBe(0);
  });

  it('names an unknown calendar: the kind, the step\'s field and the ID (HighLevel says only "Calendar not found")', async () => {
    ghlApi().post(CREATE).reply(400, ghlError(400, 'Calendar not found'));
    const error = await details(
      run(
        'creates',
        'create_appointment',
        bundle({ calendarId: CALENDAR, contactId: CONTACT, startTime: '2026-12-01 14:00', assignedUserId: STAFF }),
      ),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no calendar with ID "BqTwX8QFwXzpegMve9EQ"/);
    expect(error.message).toMatch(/Check the "Calendar" field/);
    expect(error.message).not.toMatch(/fields named above/);
  });
});

describe('update_appointment', () => {
  it('changes only the status, keeping the current assignee HighLevel insists on (#23): reads the appointment, then edits (two requests)', async () => {
    const scope = readThenEdit({ appointmentStatus: 'showed', assignedUserId: STAFF }, apiAppointment({ appointmentStatus: 'showed' }));
    const appointment = await run(
      'creates',
      'update_appointment',
      bundle({ contactId: CONTACT, appointmentId: APPOINTMENT, appointmentStatus: 'Showed' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment).toMatchObject({ id: APPOINTMENT, calendarId: CALENDAR, contactId: CONTACT, appointmentStatus: 'showed' });
  });

  it('reschedules to a new start keeping the current length (reads the appointment first)', async () => {
    const scope = ghlApi()
      .get(EDIT)
      .reply(200, {
        event: {
          ...apiAppointment(),
          groupId: 'ocQHyuzHvysMo5N5VsXc',
          users: [STAFF],
          startTime: '2026-12-01T14:00:00-05:00',
          endTime: '2026-12-01T14:45:00-05:00',
          dateAdded: '2026-11-20T10:00:00-05:00',
          dateUpdated: '2026-11-20T10:00:00-05:00',
        },
      })
      .put(EDIT, { startTime: '2026-12-03T09:00:00-05:00', endTime: '2026-12-03T09:45:00-05:00', assignedUserId: STAFF })
      .reply(200, apiAppointment({ startTime: '2026-12-03T09:00:00-05:00', endTime: '2026-12-03T09:45:00-05:00' }));
    const appointment = await run(
      'creates',
      'update_appointment',
      bundle({ appointmentId: APPOINTMENT, startTime: '2026-12-03 09:00' }, { timezone: 'America/New_York' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment.startTime).toBe('2026-12-03T14:00:00.000Z');
    expect(appointment.endTime).toBe('2026-12-03T14:45:00.000Z');
  });

  it('reschedules with start and duration in one request, and reassigns, moves and retitles', async () => {
    const scope = ghlApi()
      .put(EDIT, {
        calendarId: OTHER_CALENDAR,
        startTime: '2026-12-03T09:00:00Z',
        endTime: '2026-12-03T10:00:00Z',
        title: 'Follow-up',
        assignedUserId: STAFF,
        ignoreFreeSlotValidation: true,
      })
      .reply(200, apiAppointment({ calendarId: OTHER_CALENDAR }));
    await run(
      'creates',
      'update_appointment',
      bundle({
        appointmentId: APPOINTMENT,
        startTime: '2026-12-03T09:00:00Z',
        duration: 60,
        calendarId: OTHER_CALENDAR,
        title: 'Follow-up',
        assignedUserId: STAFF,
        ignoreFreeSlotValidation: 'yes',
      }),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('changes the length only (Duration alone): reads the current start, sends only the new end', async () => {
    const scope = ghlApi()
      .get(EDIT)
      .reply(200, { event: { ...apiAppointment(), startTime: '2026-12-01T19:00:00Z', endTime: '2026-12-01T19:30:00Z' } })
      .put(EDIT, { endTime: '2026-12-01T20:30:00Z', assignedUserId: STAFF })
      .reply(200, apiAppointment());
    await run('creates', 'update_appointment', bundle({ appointmentId: APPOINTMENT, duration: 90 }));
    expect(scope.isDone()).toBe(true);
  });

  it('keeps the current assignee when none is given, never the connected user', async () => {
    const scope = readThenEdit((body) => body.assignedUserId === STAFF && body.title === 'Renamed', apiAppointment({ title: 'Renamed' }));
    await run('creates', 'update_appointment', bundle({ appointmentId: APPOINTMENT, title: 'Renamed' }));
    expect(scope.isDone()).toBe(true);
  });

  it('with an Assigned User and nothing that needs the current times: one request, no read', async () => {
    const scope = ghlApi()
      .put(EDIT, { appointmentStatus: 'showed', assignedUserId: USER_ID })
      .reply(200, apiAppointment({ appointmentStatus: 'showed', assignedUserId: USER_ID }));
    await run(
      'creates',
      'update_appointment',
      bundle({ appointmentId: APPOINTMENT, appointmentStatus: 'showed', assignedUserId: USER_ID }),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('names an unknown "Move to Calendar" by that field and its ID, not the appointment', async () => {
    ghlApi().put(EDIT).reply(400, ghlError(400, 'Calendar not found'));
    const error = await details(
      run('creates', 'update_appointment', bundle({ appointmentId: APPOINTMENT, assignedUserId: STAFF, calendarId: OTHER_CALENDAR })),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no calendar with ID "CVokAlI8fgw4WYWoCtQz"/);
    expect(error.message).toMatch(/Check the "Move to Calendar" field/);
  });

  it('refuses an update with nothing to change, before any request', async () => {
    const error = await details(
      run('creates', 'update_appointment', bundle({ contactId: CONTACT, appointmentId: APPOINTMENT, toNotify: false })),
    );
    expect(error.message).toMatch(/^Nothing to update/);
  });

  it('refuses a missing appointment id', async () => {
    const error = await details(run('creates', 'update_appointment', bundle({ title: 'x' })));
    expect(error.message).toMatch(/"Appointment" field is required/);
  });

  it('names an appointment HighLevel does not have', async () => {
    ghlApi().put(EDIT).reply(400, ghlError(400, 'Appointment not found'));
    const error = await details(
      run('creates', 'update_appointment', bundle({ appointmentId: APPOINTMENT, appointmentStatus: 'noshow', assignedUserId: STAFF })),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no appointment with ID "0TkCdp9PfvLeWKYRRvIz"/);
    expect(error.message).toMatch(/Check the "Appointment" field/);
  });

  it('names an unknown appointment found while reading its current times', async () => {
    ghlApi().get(EDIT).reply(404, ghlError(404, 'Not Found'));
    const error = await details(
      run('creates', 'update_appointment', bundle({ appointmentId: APPOINTMENT, startTime: '2026-12-03T09:00:00Z' })),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no appointment with ID "0TkCdp9PfvLeWKYRRvIz"/);
    expect(error.message).toMatch(/Check the "Appointment" field/);
  });

  it('explains a new time that is not available', async () => {
    ghlApi().put(EDIT).reply(400, ghlError(400, 'This slot is not available'));
    const error = await details(
      run(
        'creates',
        'update_appointment',
        bundle({ appointmentId: APPOINTMENT, startTime: '2026-12-03T09:00:00Z', endTime: '2026-12-03T09:30:00Z', assignedUserId: STAFF }),
      ),
    );
    expect(error.code).toBe('slot_not_available');
  });
});

describe('cancel_appointment', () => {
  it('sets the status to cancelled via the edit endpoint, keeping the current assignee (read first: two requests)', async () => {
    const scope = readThenEdit(
      { appointmentStatus: 'cancelled', assignedUserId: STAFF, toNotify: false },
      apiAppointment({ appointmentStatus: 'cancelled' }),
    );
    const appointment = await run(
      'creates',
      'cancel_appointment',
      bundle({ contactId: CONTACT, appointmentId: APPOINTMENT, toNotify: 'no' }),
    );
    expect(scope.isDone()).toBe(true);
    expect(appointment).toMatchObject({ id: APPOINTMENT, calendarId: CALENDAR, contactId: CONTACT, appointmentStatus: 'cancelled' });
  });

  it('sends only the status and the assignee when Run HighLevel Automations is empty', async () => {
    const scope = readThenEdit(
      { appointmentStatus: 'cancelled', assignedUserId: STAFF },
      apiAppointment({ appointmentStatus: 'cancelled' }),
    );
    await run('creates', 'cancel_appointment', bundle({ appointmentId: APPOINTMENT }));
    expect(scope.isDone()).toBe(true);
  });

  it('names an unknown appointment by the field and its ID (no edit is sent)', async () => {
    ghlApi().get(EDIT).reply(400, ghlError(400, 'Appointment not found'));
    const error = await details(run('creates', 'cancel_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no appointment with ID "0TkCdp9PfvLeWKYRRvIz".*Check the "Appointment" field/);
  });

  it('a server error on the edit after the read: a clear server error, the edit never retried', async () => {
    const scope = ghlApi().get(EDIT).reply(200, currentEvent()).put(EDIT).once().reply(502, ghlError(502, 'Bad Gateway'));
    // A retried PUT would find no interceptor and fail with a network error instead.
    const error = await details(run('creates', 'cancel_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/check in HighLevel whether the change was made/);
    expect(scope.isDone()).toBe(true);
  });

  it('never points at fields the step lacks when HighLevel still wants an assignee or a free slot', async () => {
    ghlApi()
      .get(EDIT)
      .reply(200, currentEvent({ assignedUserId: '' }))
      .put(EDIT, { appointmentStatus: 'cancelled' })
      .reply(422, ghlError(422, ['Either userId or assignedUserId must be set'], { error: 'Unprocessable Entity' }));
    const unassigned = await details(run('creates', 'cancel_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(unassigned.code).toBe('assigned_user_required');
    expect(unassigned.message).not.toMatch(/in this step|Pick the Assigned User/);
    expect(unassigned.message).toMatch(/"Update Appointment"/);

    ghlApi().get(EDIT).reply(200, currentEvent()).put(EDIT).reply(400, ghlError(400, 'The slot you have selected is no longer available.'));
    const slot = await details(run('creates', 'cancel_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(slot.code).toBe('slot_not_available');
    expect(slot.message).not.toMatch(/Start Time|"Ignore Availability" to Yes|Assigned User/);
  });
});

describe('delete_appointment', () => {
  const DELETE = `/calendars/events/${APPOINTMENT}`;

  it('sends DELETE with the JSON body {} and returns the id', async () => {
    const scope = ghlApi()
      .delete(DELETE, (body) => {
        expect(body).toEqual({});
        return true;
      })
      .reply(201, { succeeded: true });
    const result = await run('creates', 'delete_appointment', bundle({ contactId: CONTACT, appointmentId: APPOINTMENT }));
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ id: APPOINTMENT, succeeded: true });
  });

  it('encodes a recurring-instance id as one path segment', async () => {
    const instance = `${APPOINTMENT}_1796151600000_1800`;
    const scope = ghlApi().delete(`/calendars/events/${instance}`, {}).reply(201, { succeeded: true });
    expect(await run('creates', 'delete_appointment', bundle({ appointmentId: instance }))).toEqual({ id: instance, succeeded: true });
    expect(scope.isDone()).toBe(true);
  });

  it('fails when HighLevel says it did not delete', async () => {
    ghlApi().delete(DELETE, {}).reply(201, { succeeded: false });
    const error = await details(run('creates', 'delete_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.code).toBe('not_deleted');
  });

  it('names an unknown appointment', async () => {
    ghlApi().delete(DELETE, {}).reply(400, ghlError(400, 'Event not found'));
    const error = await details(run('creates', 'delete_appointment', bundle({ appointmentId: APPOINTMENT })));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/HighLevel has no appointment with ID "0TkCdp9PfvLeWKYRRvIz"/);
  });
});
