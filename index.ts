import zapier, { defineApp } from 'zapier-platform-core';
import packageJson from './package.json' with { type: 'json' };
import authentication from './authentication.js';
import { addHighLevelHeaders, handleHighLevelErrors } from './lib/client.js';
import { withSubAccountField } from './lib/subAccounts.js';
import subAccountList from './triggers/sub_account_list.js';
// --- imports: dropdowns shared by several domains ---
import userList from './triggers/user_list.js';
import timezoneList from './triggers/timezone_list.js';
import countryList from './triggers/country_list.js';
// --- imports: contacts ---
import contactList from './triggers/contact_list.js';
import customFieldList from './triggers/custom_field_list.js';
import createContact from './creates/create_contact.js';
import updateContact from './creates/update_contact.js';
import upsertContact from './creates/upsert_contact.js';
import deleteContact from './creates/delete_contact.js';
import findContact, { findOrCreateContact } from './searches/find_contact.js';
import getContact from './searches/get_contact.js';
import findContactsByBusiness from './searches/find_contacts_by_business.js';
// --- imports: contacts, polling triggers ---
import newContact from './triggers/new_contact.js';
import updatedContact from './triggers/updated_contact.js';
import tagAdded from './triggers/tag_added.js';
import newContactInstant from './triggers/new_contact_instant.js';
import updatedContactInstant from './triggers/updated_contact_instant.js';
import tagAddedInstant from './triggers/tag_added_instant.js';
// --- imports: memberships (tags, campaigns, workflows, followers) and the API request ---
import tagList from './triggers/tag_list.js';
import campaignList from './triggers/campaign_list.js';
import workflowList from './triggers/workflow_list.js';
import addTags from './creates/add_tags.js';
import removeTags from './creates/remove_tags.js';
import bulkUpdateTags from './creates/bulk_update_tags.js';
import addToCampaign from './creates/add_to_campaign.js';
import removeFromCampaign from './creates/remove_from_campaign.js';
import addToWorkflow from './creates/add_to_workflow.js';
import removeFromWorkflow from './creates/remove_from_workflow.js';
import addFollowers from './creates/add_followers.js';
import removeFollowers from './creates/remove_followers.js';
import apiRequest from './creates/api_request.js';
// --- imports: tasks ---
import taskList from './triggers/task_list.js';
import newTask from './triggers/new_task.js';
import taskCompleted from './triggers/task_completed.js';
import newTaskInstant from './triggers/new_task_instant.js';
import taskCompletedInstant from './triggers/task_completed_instant.js';
import createTask from './creates/create_task.js';
import updateTask from './creates/update_task.js';
import completeTask from './creates/complete_task.js';
import reopenTask from './creates/reopen_task.js';
import deleteTask from './creates/delete_task.js';
import findTask, { findOrCreateTask } from './searches/find_task.js';
import getTask from './searches/get_task.js';
// --- imports: notes ---
import noteList from './triggers/note_list.js';
import newNote from './triggers/new_note.js';
import newNoteInstant from './triggers/new_note_instant.js';
import createNote from './creates/create_note.js';
import updateNote from './creates/update_note.js';
import deleteNote from './creates/delete_note.js';
import findNote from './searches/find_note.js';
import getNote from './searches/get_note.js';
// --- imports: appointments ---
import calendarList from './triggers/calendar_list.js';
import appointmentList from './triggers/appointment_list.js';
import newAppointment from './triggers/new_appointment.js';
import appointmentUpdated from './triggers/appointment_updated.js';
import newAppointmentInstant from './triggers/new_appointment_instant.js';
import appointmentUpdatedInstant from './triggers/appointment_updated_instant.js';
import createAppointment from './creates/create_appointment.js';
import updateAppointment from './creates/update_appointment.js';
import cancelAppointment from './creates/cancel_appointment.js';
import deleteAppointment from './creates/delete_appointment.js';
import findAppointments from './searches/find_appointments.js';
import getAppointment from './searches/get_appointment.js';
import findFreeSlots from './searches/find_free_slots.js';

const app = defineApp({
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  // 429s reach handleHighLevelErrors, which reads HighLevel's X-RateLimit-* headers for the retry delay.
  flags: { throwForThrottlingEarly: false, cleanInputData: true },
  beforeRequest: [addHighLevelHeaders],
  afterResponse: [handleHighLevelErrors],
  triggers: {
    [subAccountList.key]: subAccountList,
    // --- triggers: dropdowns shared by several domains ---
    [userList.key]: userList,
    [timezoneList.key]: timezoneList,
    [countryList.key]: countryList,
    // --- triggers: contacts ---
    [contactList.key]: contactList,
    [customFieldList.key]: customFieldList,
    // --- triggers: contacts, polling ---
    [newContact.key]: newContact,
    [updatedContact.key]: updatedContact,
    [tagAdded.key]: tagAdded,
    [newContactInstant.key]: newContactInstant,
    [updatedContactInstant.key]: updatedContactInstant,
    [tagAddedInstant.key]: tagAddedInstant,
    // --- triggers: memberships ---
    [tagList.key]: tagList,
    [campaignList.key]: campaignList,
    [workflowList.key]: workflowList,
    // --- triggers: tasks ---
    [taskList.key]: taskList,
    [newTask.key]: newTask,
    [taskCompleted.key]: taskCompleted,
    [newTaskInstant.key]: newTaskInstant,
    [taskCompletedInstant.key]: taskCompletedInstant,
    // --- triggers: notes ---
    [noteList.key]: noteList,
    [newNote.key]: newNote,
    [newNoteInstant.key]: newNoteInstant,
    // --- triggers: appointments ---
    [calendarList.key]: calendarList,
    [appointmentList.key]: appointmentList,
    [newAppointment.key]: newAppointment,
    [appointmentUpdated.key]: appointmentUpdated,
    [newAppointmentInstant.key]: newAppointmentInstant,
    [appointmentUpdatedInstant.key]: appointmentUpdatedInstant,
  },
  searches: {
    // --- searches: contacts ---
    [findContact.key]: findContact,
    [getContact.key]: getContact,
    [findContactsByBusiness.key]: findContactsByBusiness,
    // --- searches: tasks ---
    [findTask.key]: findTask,
    [getTask.key]: getTask,
    // --- searches: notes ---
    [findNote.key]: findNote,
    [getNote.key]: getNote,
    // --- searches: appointments ---
    [findAppointments.key]: findAppointments,
    [getAppointment.key]: getAppointment,
    [findFreeSlots.key]: findFreeSlots,
  },
  creates: {
    // --- creates: contacts ---
    [createContact.key]: createContact,
    [updateContact.key]: updateContact,
    [upsertContact.key]: upsertContact,
    [deleteContact.key]: deleteContact,
    // --- creates: memberships and the API request ---
    [addTags.key]: addTags,
    [removeTags.key]: removeTags,
    [bulkUpdateTags.key]: bulkUpdateTags,
    [addToCampaign.key]: addToCampaign,
    [removeFromCampaign.key]: removeFromCampaign,
    [addToWorkflow.key]: addToWorkflow,
    [removeFromWorkflow.key]: removeFromWorkflow,
    [addFollowers.key]: addFollowers,
    [removeFollowers.key]: removeFollowers,
    [apiRequest.key]: apiRequest,
    // --- creates: tasks ---
    [createTask.key]: createTask,
    [updateTask.key]: updateTask,
    [completeTask.key]: completeTask,
    [reopenTask.key]: reopenTask,
    [deleteTask.key]: deleteTask,
    // --- creates: notes ---
    [createNote.key]: createNote,
    [updateNote.key]: updateNote,
    [deleteNote.key]: deleteNote,
    // --- creates: appointments ---
    [createAppointment.key]: createAppointment,
    [updateAppointment.key]: updateAppointment,
    [cancelAppointment.key]: cancelAppointment,
    [deleteAppointment.key]: deleteAppointment,
  },
  searchOrCreates: {
    // --- searchOrCreates: contacts ---
    [findOrCreateContact.key]: findOrCreateContact,
    // --- searchOrCreates: tasks ---
    [findOrCreateTask.key]: findOrCreateTask,
  },
});

// On an agency connection every operation asks first for the sub-account it works in (lib/agency.ts).
export default withSubAccountField(app);
