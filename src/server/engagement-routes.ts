import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Hub } from '../hub/platform/context.js';
import { Questionnaire } from '../hub/platform/questionnaire.js';
import { consultationResults, confirmResponse, createConsultation, deleteConsultationFile, getConsultation, inviteContacts, listConsultations, publishSummary, readConsultationFile, respond, responsesCsv, updateConsultation, uploadConsultationFile } from '../hub/consultations/consultations.js';
import { ConsultationCard, ConsultationInput, ConsultationPatch, ConsultationResults, ConsultationView, InviteContacts, ResponseInput, SummaryInput } from '../hub/consultations/contract.js';
import { DigestPreview, DigestPreviewQuery } from '../hub/digests/contract.js';
import { previewDigest, recordOpen } from '../hub/digests/digests.js';
import { eventCalendar, myCalendarFeed, personalCalendar, publicCalendar, renewCalendarFeed, revokeCalendarFeed } from '../hub/events/calendar.js';
import {
  AttendeeView,
  CalendarFeedView,
  CheckInInput,
  EventCard,
  EventInput,
  EventPatch,
  EventQuery,
  EventReport,
  EventTypeInput,
  EventTypeView,
  EventView,
  FeedbackInput,
  InvitationResponse,
  InvitationsInput,
  ModerationInput,
  MyRegistration,
  OutputInput,
  RegistrationInput,
  RegistrationOutcome,
  TokenBody,
} from '../hub/events/contract.js';
import { eventReport } from '../hub/events/event-report.js';
import { listEventTypes, saveEventType } from '../hub/events/event-types.js';
import { createEvent, eventsFeed, getEvent, linkOutput, listEvents, unlinkOutput, updateEvent } from '../hub/events/events.js';
import { attendees, attendeesCsv, cancelByToken, cancelRegistration, checkIn, confirmGuestRegistration, giveFeedback, giveFeedbackByToken, inviteToEvent, moderateRegistration, register, registrationByToken, respondToInvitation } from '../hub/events/registrations.js';
import { importContacts } from '../hub/stakeholders/contact-import.js';
import { changeConsent, createContact, eraseContact, exportContact, getContact, listContacts, updateContact } from '../hub/stakeholders/contacts.js';
import { ConsentChange, ContactInput, ContactPage, ContactPatch, ContactQuery, ContactView, ImportInput, ImportReport, Preferences, PreferencesSave, SegmentInput, SegmentView, SignUpInput } from '../hub/stakeholders/contract.js';
import { confirmStakeholderSignUp, getPreferences, savePreferences, stakeholderSignUp, unsubscribe } from '../hub/stakeholders/preferences.js';
import { deleteSegment, getSegment, listSegments, saveSegment } from '../hub/stakeholders/segments.js';
import { isoDate } from '../hub/platform/validate.js';
import { fromLondon } from '../hub/platform/london-time.js';
import { invalid } from '../hub/platform/errors.js';
import { NoContent, serviceChecked } from './service-checked.js';

type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

const Event = z.object({ event: z.string().max(100) });
const Id = z.object({ id: z.string().max(100) });
const K = z.object({ consultation: z.string().max(100) });
const Token = z.object({ token: z.string().min(10).max(300) });
const csv = (reply: FastifyReply, name: string, text: string) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);
const ics = (reply: FastifyReply, name: string, text: string) => reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${name}"`).header('cache-control', 'private, max-age=300').send(text);
/** A transparent 1×1 GIF: the open-tracking image. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const day = (d: string | undefined, field: string, end = false) => {
  if (!d) return undefined;
  const r = fromLondon(`${d}T00:00`);
  if ('error' in r) throw invalid(field, r.error);
  return end ? new Date(r.at.getTime() + 86_400_000) : r.at;
};

/**
 * The knowledge exchange programme's routes: events, registrations, calendars; the stakeholder database, segments,
 * digests' previews and people's preferences; consultations. Each parses its input, calls one hub function with the
 * viewer, and answers; who may do what is decided in the services.
 */
export async function registerEngagementRoutes(api: Api, hub: Hub): Promise<void> {
  let tags = ['events'];
  api.get('/event-types', { schema: { tags, summary: 'The kinds of event, with how many events each has', response: { 200: z.array(EventTypeView) } } }, async (r) => listEventTypes(hub, r.viewer));
  api.put('/event-types', { schema: { tags, summary: 'Add an event type or rename one (curators)', body: serviceChecked(EventTypeInput), response: { 200: EventTypeView } } }, async (r) => saveEventType(hub, r.viewer, r.body));
  api.get('/events', { schema: { tags, summary: 'Events: upcoming or past, by type, theme, region (ITL1 takes in its ITL2), online or in person, dates (London) and words', querystring: EventQuery, response: { 200: z.array(EventCard) } } }, async (r) => listEvents(hub, r.viewer, r.query));
  api.post('/events', { schema: { tags, summary: 'Create an event (a draft until published; its creator organises it). Times are wall-clock times in its zone', body: serviceChecked(EventInput), response: { 201: EventView } } }, async (r, reply) => reply.status(201).send(await createEvent(hub, r.viewer, r.body)));
  api.get('/events.atom', { schema: { tags, summary: 'Upcoming events as an Atom feed' } }, async (r, reply) => reply.type('application/atom+xml; charset=utf-8').send(await eventsFeed(hub, r.viewer)));
  api.get('/events.ics', { schema: { tags, summary: 'Every published event (from 90 days ago) as an iCalendar feed' } }, async (r, reply) => ics(reply, 'events.ics', await publicCalendar(hub, r.viewer)));
  api.get('/events/:event', { schema: { tags, summary: 'An event (by id or slug), with my registration; its join link for confirmed registrants and organisers', params: Event, response: { 200: EventView } } }, async (r) => getEvent(hub, r.viewer, r.params.event));
  api.patch('/events/:event', { schema: { tags, summary: 'Edit or cancel an event, giving the version you saw (its organisers). A change of time re-sends the invitation (same UID, next SEQUENCE)', params: Event, body: serviceChecked(EventPatch), response: { 200: EventView } } }, async (r) => updateEvent(hub, r.viewer, r.params.event, r.body));
  api.get('/events/:event/event.ics', { schema: { tags, summary: 'One event as iCalendar', params: Event } }, async (r, reply) => ics(reply, 'event.ics', await eventCalendar(hub, r.viewer, r.params.event)));
  api.post('/events/:event/registrations', { schema: { tags, summary: 'Register: a member at once; a visitor gets a link by email to confirm their address', params: Event, body: serviceChecked(RegistrationInput), response: { 200: RegistrationOutcome } } }, async (r) => register(hub, r.viewer, r.params.event, r.body));
  api.get('/events/:event/attendees', { schema: { tags, summary: 'Registrations, searchable by name, email, organisation or check-in code (its organisers)', params: Event, querystring: z.object({ q: z.string().max(200).optional(), status: z.string().max(20).optional() }), response: { 200: z.array(AttendeeView) } } }, async (r) => attendees(hub, r.viewer, r.params.event, r.query));
  api.get('/events/:event/attendees.csv', { schema: { tags, summary: 'Registrations as CSV, with the answers (its organisers)', params: Event } }, async (r, reply) => csv(reply, 'attendees.csv', await attendeesCsv(hub, r.viewer, r.params.event)));
  api.post('/events/:event/invitations', { schema: { tags, summary: 'Invite people by email (its organisers)', params: Event, body: serviceChecked(InvitationsInput), response: { 200: z.object({ invited: z.number().int(), alreadyThere: z.number().int() }) } } }, async (r) => inviteToEvent(hub, r.viewer, r.params.event, r.body));
  api.post('/events/:event/check-in', { schema: { tags, summary: 'Check a confirmed registrant in by code or registration, or undo it (its organisers)', params: Event, body: serviceChecked(CheckInInput), response: { 200: AttendeeView } } }, async (r) => checkIn(hub, r.viewer, r.params.event, r.body));
  api.post('/events/:event/feedback', { schema: { tags, summary: 'Answer the feedback survey, once, after attending (members)', params: Event, body: serviceChecked(FeedbackInput), response: { 200: MyRegistration } } }, async (r) => giveFeedback(hub, r.viewer, r.params.event, r.body));
  api.post('/events/:event/outputs', { schema: { tags, summary: 'Link a published library item as the event’s recording, slides or output (its organisers)', params: Event, body: serviceChecked(OutputInput), response: { 200: EventView } } }, async (r) => linkOutput(hub, r.viewer, r.params.event, r.body));
  api.delete('/events/:event/outputs/:item', { schema: { tags, summary: 'Unlink an output (its organisers)', params: Event.extend({ item: z.string().max(100) }), response: { 200: EventView } } }, async (r) => unlinkOutput(hub, r.viewer, r.params.event, r.params.item));
  api.get('/events/:event/report', { schema: { tags, summary: 'An event’s numbers: registrations, attendance, sector and region mix, feedback (its organisers)', params: Event, response: { 200: EventReport } } }, async (r) => eventReport(hub, r.viewer, { event: r.params.event }));
  api.get('/event-report', { schema: { tags, summary: 'All events’ numbers in a period (programme managers)', querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }), response: { 200: EventReport } } }, async (r) => eventReport(hub, r.viewer, { from: day(r.query.from, 'from'), to: day(r.query.to, 'to', true) }));

  tags = ['registrations'];
  api.post('/registrations/confirm', { schema: { tags, summary: 'Complete a guest’s registration with the emailed link (a second click changes nothing)', body: serviceChecked(TokenBody), response: { 200: RegistrationOutcome.extend({ event: z.string(), manageToken: z.string().nullable() }) } } }, async (r) => confirmGuestRegistration(hub, r.body));
  api.post('/registrations/by-token', { schema: { tags, summary: 'A registration by its emailed link: the event, the status, the check-in code', body: serviceChecked(TokenBody), response: { 200: z.object({ event: EventCard, registration: MyRegistration, name: z.string(), feedbackQuestions: Questionnaire, questions: Questionnaire, onlineUrl: z.string().nullable() }) } } }, async (r) => registrationByToken(hub, r.body));
  api.post('/registrations/cancel', { schema: { tags, summary: 'Cancel a registration by its emailed link', body: serviceChecked(TokenBody), response: { 200: MyRegistration } } }, async (r) => cancelByToken(hub, r.body));
  api.post('/registrations/respond', { schema: { tags, summary: 'Accept or decline an invitation by its emailed link', body: serviceChecked(InvitationResponse), response: { 200: MyRegistration } } }, async (r) => respondToInvitation(hub, r.body));
  api.post('/registrations/feedback', { schema: { tags, summary: 'Answer the feedback survey by the emailed link (guests)', body: serviceChecked(FeedbackInput.extend({ token: z.string() })), response: { 200: MyRegistration } } }, async (r) => giveFeedbackByToken(hub, r.body));
  api.delete('/registrations/:id', { schema: { tags, summary: 'Cancel a registration (its registrant, or the event’s organisers): the place goes to the first person waiting', params: Id, response: { 200: MyRegistration } } }, async (r) => cancelRegistration(hub, r.viewer, r.params.id));
  api.post('/registrations/:id/moderation', { schema: { tags, summary: 'Approve or decline a registration awaiting approval (the event’s organisers)', params: Id, body: serviceChecked(ModerationInput), response: { 200: AttendeeView } } }, async (r) => moderateRegistration(hub, r.viewer, r.params.id, r.body));
  api.get('/me/calendar', { schema: { tags, summary: 'My personal calendar feed’s secret address', response: { 200: CalendarFeedView } } }, async (r) => myCalendarFeed(hub, r.viewer));
  api.post('/me/calendar', { schema: { tags, summary: 'A new secret address for my calendar feed (the old one stops working)', response: { 200: CalendarFeedView } } }, async (r) => renewCalendarFeed(hub, r.viewer));
  api.delete('/me/calendar', { schema: { tags, summary: 'Turn my calendar feed off', response: { 200: CalendarFeedView } } }, async (r) => revokeCalendarFeed(hub, r.viewer));
  api.get('/calendar.ics', { schema: { tags, summary: 'A member’s events, by the secret of their feed (calendar programs fetch it)', querystring: Token } }, async (r, reply) => ics(reply, 'my-events.ics', await personalCalendar(hub, r.query.token)));

  tags = ['stakeholders'];
  api.get('/contacts', { schema: { tags, summary: 'The stakeholder database, searched and filtered, or a segment’s (programme managers)', querystring: ContactQuery, response: { 200: ContactPage } } }, async (r) => listContacts(hub, r.viewer, r.query));
  api.post('/contacts', { schema: { tags, summary: 'Add a contact, with any consent they gave and where (programme managers)', body: serviceChecked(ContactInput), response: { 201: ContactView } } }, async (r, reply) => reply.status(201).send(await createContact(hub, r.viewer, r.body)));
  api.post('/contacts/import', { bodyLimit: 21 * 1024 * 1024, schema: { tags, summary: 'Import contacts from CSV: preview, or commit in one transaction (bad rows named by file, line and column)', body: serviceChecked(ImportInput), response: { 200: ImportReport } } }, async (r) => importContacts(hub, r.viewer, r.body));
  api.get('/contacts/:id', { schema: { tags, summary: 'A contact: interests, consent records, engagement history (programme managers)', params: Id, response: { 200: ContactView } } }, async (r) => getContact(hub, r.viewer, r.params.id));
  api.patch('/contacts/:id', { schema: { tags, summary: 'Edit a contact (programme managers)', params: Id, body: serviceChecked(ContactPatch), response: { 200: ContactView } } }, async (r) => updateContact(hub, r.viewer, r.params.id, r.body));
  api.delete('/contacts/:id', { schema: { tags, summary: 'Erase a contact: personal data removed, an anonymous audit line kept (programme managers)', params: Id, response: { 204: NoContent } } }, async (r, reply) => {
    await eraseContact(hub, r.viewer, r.params.id);
    return reply.status(204).send(null);
  });
  api.post('/contacts/:id/consents', { schema: { tags, summary: 'Record consent given or withdrawn, with where (programme managers)', params: Id, body: serviceChecked(ConsentChange), response: { 200: ContactView } } }, async (r) => changeConsent(hub, r.viewer, r.params.id, r.body));
  api.get('/contacts/:id/export', { schema: { tags, summary: 'Everything held about a contact, as JSON (a subject-access request; programme managers)', params: Id } }, async (r, reply) =>
    reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="contact-${r.params.id}.json"`).header('cache-control', 'private, no-store').send(JSON.stringify(await exportContact(hub, r.viewer, r.params.id), null, 2)),
  );
  api.get('/segments', { schema: { tags, summary: 'Saved segments with their counts (programme managers)', response: { 200: z.array(SegmentView) } } }, async (r) => listSegments(hub, r.viewer));
  api.post('/segments', { schema: { tags, summary: 'Save a segment (programme managers)', body: serviceChecked(SegmentInput), response: { 201: SegmentView } } }, async (r, reply) => reply.status(201).send(await saveSegment(hub, r.viewer, null, r.body)));
  api.get('/segments/:id', { schema: { tags, summary: 'A segment with its counts (programme managers)', params: Id, response: { 200: SegmentView } } }, async (r) => getSegment(hub, r.viewer, r.params.id));
  api.put('/segments/:id', { schema: { tags, summary: 'Edit a segment (programme managers)', params: Id, body: serviceChecked(SegmentInput), response: { 200: SegmentView } } }, async (r) => saveSegment(hub, r.viewer, r.params.id, r.body));
  api.delete('/segments/:id', { schema: { tags, summary: 'Delete a segment (programme managers)', params: Id, response: { 204: NoContent } } }, async (r, reply) => {
    await deleteSegment(hub, r.viewer, r.params.id);
    return reply.status(204).send(null);
  });
  api.get('/digests/preview', { schema: { tags, summary: 'The digest a segment would get for the last period, and how many would be sent it (programme managers)', querystring: DigestPreviewQuery, response: { 200: DigestPreview } } }, async (r) => previewDigest(hub, r.viewer, r.query));

  tags = ['preferences'];
  api.post('/engagement/sign-up', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } }, schema: { tags, summary: 'The public sign-up form: a link is emailed to confirm (double opt-in)', body: serviceChecked(SignUpInput), response: { 202: z.object({ status: z.literal('check_your_email') }) } } }, async (r, reply) => reply.status(202).send(await stakeholderSignUp(hub, r.body)));
  api.post('/engagement/sign-up/confirm', { schema: { tags, summary: 'Confirm a sign-up with the emailed link', body: serviceChecked(TokenBody), response: { 200: z.object({ status: z.literal('confirmed'), preferencesUrl: z.string() }) } } }, async (r) => confirmStakeholderSignUp(hub, r.body));
  api.post('/engagement/preferences/view', { schema: { tags, summary: 'My preferences: by the link in an email, or signed in', body: serviceChecked(z.object({ token: z.string().max(300).optional() }).strict()), response: { 200: Preferences } } }, async (r) => getPreferences(hub, r.viewer, (r.body as { token?: string } | undefined)?.token));
  api.put('/engagement/preferences', { schema: { tags, summary: 'Save my digest frequency, interests, consents and tracking (by the link, or signed in)', body: serviceChecked(PreferencesSave), response: { 200: Preferences } } }, async (r) => savePreferences(hub, r.viewer, r.body));
  api.get('/engagement/open.gif', { schema: { tags, summary: 'The open-tracking image of a digest (only for those who turned tracking on)', querystring: z.object({ token: z.string().max(300) }) } }, async (r, reply) => {
    await recordOpen(hub, r.query.token);
    return reply.type('image/gif').header('cache-control', 'no-store').send(PIXEL);
  });
  await api.register(async (form) => {
    // RFC 8058: mail programs POST "List-Unsubscribe=One-Click" as a form to the address in the header
    const scoped = form.withTypeProvider<ZodTypeProvider>();
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, body));
    scoped.post('/engagement/unsubscribe', { schema: { tags, summary: 'One-click unsubscribe from digests (RFC 8058): the link’s consent is withdrawn', querystring: Token, response: { 200: z.object({ status: z.literal('unsubscribed'), email: z.string() }) } } }, async (r) => ({ status: 'unsubscribed' as const, ...(await unsubscribe(hub, r.query.token)) }));
  });

  tags = ['consultations'];
  api.get('/consultations', { schema: { tags, summary: 'Consultations: open, then closed (drafts for managers)', response: { 200: z.array(ConsultationCard) } } }, async (r) => listConsultations(hub, r.viewer));
  api.post('/consultations', { schema: { tags, summary: 'Publish a proposal for consultation (programme managers)', body: serviceChecked(ConsultationInput), response: { 201: ConsultationView } } }, async (r, reply) => reply.status(201).send(await createConsultation(hub, r.viewer, r.body)));
  api.post('/consultations/confirm', { schema: { tags, summary: 'Keep a public response, once its address is confirmed by the emailed link', body: serviceChecked(TokenBody), response: { 200: z.object({ status: z.literal('received'), consultation: z.string() }) } } }, async (r) => confirmResponse(hub, r.body));
  api.get('/consultations/:consultation', { schema: { tags, summary: 'A consultation, and how the viewer may respond (?token= for an invitation’s link)', params: K, querystring: z.object({ token: z.string().max(300).optional() }), response: { 200: ConsultationView } } }, async (r) => getConsultation(hub, r.viewer, r.params.consultation, r.query.token));
  api.patch('/consultations/:consultation', { schema: { tags, summary: 'Edit a consultation (programme managers; questions are fixed once answered)', params: K, body: serviceChecked(ConsultationPatch), response: { 200: ConsultationView } } }, async (r) => updateConsultation(hub, r.viewer, r.params.consultation, r.body));
  api.post('/consultations/:consultation/responses', { schema: { tags, summary: 'Respond: a member once, an invited contact by their link once, or the public with a verified email', params: K, body: serviceChecked(ResponseInput), response: { 200: z.object({ status: z.enum(['received', 'check_your_email']) }) } } }, async (r) => respond(hub, r.viewer, r.params.consultation, r.body));
  api.post('/consultations/:consultation/invitations', { schema: { tags, summary: 'Invite a segment’s contacts who consent to consultations, each with a personal link (programme managers)', params: K, body: serviceChecked(InviteContacts), response: { 200: z.object({ invited: z.number().int(), alreadyInvited: z.number().int(), withoutConsent: z.number().int() }) } } }, async (r) => inviteContacts(hub, r.viewer, r.params.consultation, r.body));
  api.get('/consultations/:consultation/results', { schema: { tags, summary: 'Results: distributions by stakeholder type, sector and region; free text and its key phrases (programme managers)', params: K, response: { 200: ConsultationResults } } }, async (r) => consultationResults(hub, r.viewer, r.params.consultation));
  api.get('/consultations/:consultation/responses.csv', { schema: { tags, summary: 'The responses as CSV, without names or addresses (programme managers)', params: K } }, async (r, reply) => csv(reply, 'responses.csv', await responsesCsv(hub, r.viewer, r.params.consultation)));
  api.put('/consultations/:consultation/summary', { schema: { tags, summary: 'Publish what we heard (programme managers)', params: K, body: serviceChecked(SummaryInput), response: { 200: ConsultationView } } }, async (r) => publishSummary(hub, r.viewer, r.params.consultation, r.body));
  await api.register(async (plain) => {
    const files = plain.withTypeProvider<ZodTypeProvider>();
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: hub.uploadLimit }, (_req, body, done) => done(null, body));
    files.post('/consultations/:consultation/files', { bodyLimit: hub.uploadLimit, schema: { tags, summary: 'Attach a file to a consultation (the request body; ?filename=…; programme managers)', params: K, querystring: z.object({ filename: z.string().min(1).max(500) }), response: { 201: z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number().int() }) } } }, async (r, reply) =>
      reply.status(201).send(await uploadConsultationFile(hub, r.viewer, r.params.consultation, r.query.filename, Buffer.isBuffer(r.body) ? r.body : Buffer.alloc(0))),
    );
  });
  api.get('/consultation-files/:id', { schema: { tags, summary: 'Download a consultation’s file', params: Id } }, async (r, reply) => {
    const file = await readConsultationFile(hub, r.viewer, r.params.id);
    return reply
      .type(file.mediaType)
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  });
  api.delete('/consultation-files/:id', { schema: { tags, summary: 'Remove a consultation’s file (programme managers)', params: Id, response: { 204: NoContent } } }, async (r, reply) => {
    await deleteConsultationFile(hub, r.viewer, r.params.id);
    return reply.status(204).send(null);
  });
}
