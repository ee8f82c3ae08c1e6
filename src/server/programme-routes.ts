import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Hub } from '../hub/platform/context.js';
import {
  callApplications,
  callApplicationsCsv,
  checkApplication,
  decideExpression,
  deleteApplicationFile,
  getApplication,
  grantExtension,
  inviteTeam,
  myApplications,
  readApplicationFile,
  respondToTeamInvitation,
  saveApplication,
  screenApplication,
  startApplication,
  submitApplication,
  uploadApplicationFile,
  withdrawApplication,
} from '../hub/programmes/applications.js';
import { assignManually, callAssignments, declareConflict, myAssignments, recordConflict, removeAssignment, respondToAssignment, runAssignment } from '../hub/programmes/assignment.js';
import { getAward, listAwards, reviewReport, saveReport, updateAward } from '../hub/programmes/awards.js';
import { callsFeed, createCall, deadlinesCalendar, getCall, getForm, listCalls, listMechanisms, saveForm, updateCall, updateMechanism } from '../hub/programmes/calls.js';
import { callConflicts } from '../hub/programmes/conflicts.js';
import {
  ApplicationCard,
  ApplicationFileView,
  ApplicationSave,
  ApplicationStart,
  ApplicationView,
  AssignmentProposal,
  AssignmentResponse,
  AssignmentRun,
  AssignmentView,
  AwardCard,
  AwardPatch,
  AwardView,
  CallCard,
  CallInput,
  CallOverview,
  CallPatch,
  CallQuery,
  ConflictInput,
  ConflictView,
  DecisionInput,
  DeclareConflict,
  EoiOutcomeInput,
  ExtensionInput,
  ExternalReviewerInvite,
  FormInput,
  FormView,
  LetterInput,
  LetterPreview,
  LetterView,
  ManualAssignment,
  MechanismPatch,
  MechanismView,
  OutcomeInput,
  OutcomeView,
  PanelNoteInput,
  PanelView,
  PortfolioView,
  ProgrammeVocabulary,
  RelationInput,
  RelationView,
  ReportReview,
  ReportSave,
  ReportView,
  ReviewForm,
  ReviewerInput,
  ReviewerPatch,
  ReviewerView,
  ReviewSave,
  SandpitView,
  ScreeningInput,
  SubmissionCheck,
  CallView,
} from '../hub/programmes/contract.js';
import { decide, listLetters, previewLetter, releaseDecisions, updateLetter } from '../hub/programmes/decisions.js';
import { addOutcome, deleteOutcome, publishOutcome, updateOutcome } from '../hub/programmes/outcomes.js';
import { addPanelNote, panelView } from '../hub/programmes/panel.js';
import { gtrCsv, portfolio, portfolioCsv } from '../hub/programmes/portfolio.js';
import { addReviewer, addRelation, deleteRelation, inviteExternalReviewer, listReviewers, myRelations, myReviewerProfile, updateMyReviewerProfile, updateReviewer } from '../hub/programmes/reviewers.js';
import { getReview, saveReview } from '../hub/programmes/reviews.js';
import { createSandpitTeam, sandpitSuggestion, selectSandpit } from '../hub/programmes/sandpit.js';
import { programmeVocabulary } from '../hub/programmes/vocabulary.js';
import { NoContent, serviceChecked } from './service-checked.js';

type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

const Id = z.object({ id: z.string().max(100) });
const Call = z.object({ call: z.string().max(100) });
const tags = ['programmes'];
const Done = z.object({ done: z.literal(true) });
const csv = (reply: FastifyReply, name: string, text: string) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);

/**
 * The commissioned research programme's routes: each parses its input, calls one hub function with the viewer, and
 * answers. Who may see and do what (conflicts of interest included) is decided in the services.
 */
export async function registerProgrammeRoutes(api: Api, hub: Hub): Promise<void> {
  const p = '/programmes';
  api.get(`${p}/vocabulary`, { schema: { tags, summary: 'Stages, decisions, relations, conflict sources, team roles, outcome types (with their GtR names), the 1–6 scale, letter placeholders', response: { 200: ProgrammeVocabulary } } }, async () => programmeVocabulary());
  api.get(`${p}/mechanisms`, { schema: { tags, summary: 'The funding mechanisms, with their envelopes, ranges, default forms and what is committed', response: { 200: z.array(MechanismView) } } }, async (r) => listMechanisms(hub, r.viewer));
  api.patch(`${p}/mechanisms/:code`, { schema: { tags, summary: 'Edit a mechanism (programme managers)', params: z.object({ code: z.string().max(60) }), body: serviceChecked(MechanismPatch), response: { 200: MechanismView } } }, async (r) => updateMechanism(hub, r.viewer, r.params.code, r.body));

  // calls
  api.get(`${p}/calls`, { schema: { tags, summary: 'Calls: open, upcoming or closed, by mechanism, theme, technology, sector or words (drafts for managers)', querystring: CallQuery, response: { 200: z.array(CallCard) } } }, async (r) => listCalls(hub, r.viewer, r.query));
  api.post(`${p}/calls`, { schema: { tags, summary: 'Open a call (a draft until published; programme managers). Times are London wall-clock times', body: serviceChecked(CallInput), response: { 201: CallView } } }, async (r, reply) => reply.status(201).send(await createCall(hub, r.viewer, r.body)));
  api.get(`${p}/calls.atom`, { schema: { tags, summary: 'Open and upcoming calls as an Atom feed' } }, async (r, reply) => reply.type('application/atom+xml; charset=utf-8').send(await callsFeed(hub, r.viewer)));
  api.get(`${p}/deadlines.ics`, { schema: { tags, summary: 'Every published call’s deadlines as iCalendar' } }, async (r, reply) => reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="deadlines.ics"').send(await deadlinesCalendar(hub, r.viewer)));
  api.get(`${p}/calls/:call`, { schema: { tags, summary: 'A call (by id or slug)', params: Call, response: { 200: CallView } } }, async (r) => getCall(hub, r.viewer, r.params.call));
  api.patch(`${p}/calls/:call`, { schema: { tags, summary: 'Edit a call, giving the version you saw (programme managers)', params: Call, body: serviceChecked(CallPatch), response: { 200: CallView } } }, async (r) => updateCall(hub, r.viewer, r.params.call, r.body));
  const Stage = Call.extend({ stage: z.enum(['eoi', 'full', 'report']) });
  api.get(`${p}/calls/:call/forms/:stage`, { schema: { tags, summary: 'A call’s form for a stage (its latest version)', params: Stage, response: { 200: FormView } } }, async (r) => getForm(hub, r.viewer, r.params.call, r.params.stage));
  api.put(`${p}/calls/:call/forms/:stage`, { schema: { tags, summary: 'Save a form: in place until answered, then as a new version (programme managers)', params: Stage, body: serviceChecked(FormInput), response: { 200: FormView } } }, async (r) => saveForm(hub, r.viewer, r.params.call, r.params.stage, r.body));
  api.post(`${p}/calls/:call/applications`, { schema: { tags, summary: 'Start an application (a draft) to the stage the call takes now', params: Call, body: serviceChecked(ApplicationStart), response: { 201: ApplicationView } } }, async (r, reply) => reply.status(201).send(await startApplication(hub, r.viewer, r.params.call, r.body ?? {})));
  api.get(`${p}/calls/:call/applications`, { schema: { tags, summary: 'A call’s applications and their counts (programme managers; none they are conflicted on)', params: Call, querystring: z.object({ stage: z.enum(['eoi', 'full']).optional() }), response: { 200: CallOverview } } }, async (r) => callApplications(hub, r.viewer, r.params.call, r.query.stage));
  api.get(`${p}/calls/:call/applications.csv`, { schema: { tags, summary: 'A call’s applications as CSV (programme managers; none they are conflicted on)', params: Call } }, async (r, reply) => csv(reply, 'applications.csv', await callApplicationsCsv(hub, r.viewer, r.params.call)));
  api.get(`${p}/calls/:call/conflicts`, { schema: { tags, summary: 'A call’s conflicts of interest, with their reasons (programme managers)', params: Call, response: { 200: z.array(ConflictView) } } }, async (r) => callConflicts(hub, r.viewer, r.params.call));
  api.post(`${p}/calls/:call/conflicts/detect`, { schema: { tags, summary: 'Detect conflicts afresh: organisations, co-authorships in the knowledge network, stated relations (programme managers)', params: Call, response: { 200: z.array(ConflictView) } } }, async (r) => callConflicts(hub, r.viewer, r.params.call, true));
  api.post(`${p}/calls/:call/assignment`, { schema: { tags, summary: 'Propose an optimal reviewer assignment, or apply it (invite the reviewers); each pair with its score and reasons', params: Call, body: serviceChecked(AssignmentRun), response: { 200: AssignmentProposal } } }, async (r) => runAssignment(hub, r.viewer, r.params.call, r.body ?? {}));
  api.get(`${p}/calls/:call/assignments`, { schema: { tags, summary: 'A call’s assignments (programme managers)', params: Call, response: { 200: z.array(AssignmentView) } } }, async (r) => callAssignments(hub, r.viewer, r.params.call));
  api.get(`${p}/calls/:call/panel`, { schema: { tags, summary: 'The panel: ranked by mean score, spread, criteria, disagreement, the funding line; ?order= for a what-if', params: Call, querystring: z.object({ order: z.string().max(40_000).optional() }), response: { 200: PanelView } } }, async (r) => panelView(hub, r.viewer, r.params.call, r.query));
  api.post(`${p}/calls/:call/decisions/release`, { schema: { tags, summary: 'Send the decision letters not yet sent (programme managers)', params: Call, response: { 200: z.object({ sent: z.number().int() }) } } }, async (r) => releaseDecisions(hub, r.viewer, r.params.call));
  api.get(`${p}/calls/:call/letters`, { schema: { tags, summary: 'A call’s letter templates (programme managers)', params: Call, response: { 200: z.array(LetterView) } } }, async (r) => listLetters(hub, r.viewer, r.params.call));
  api.put(`${p}/calls/:call/letters/:outcome`, { schema: { tags, summary: 'Edit a letter template (programme managers)', params: Call.extend({ outcome: z.enum(['fund', 'reject', 'reserve', 'invite', 'not_invited']) }), body: serviceChecked(LetterInput), response: { 200: z.array(LetterView) } } }, async (r) =>
    updateLetter(hub, r.viewer, r.params.call, r.params.outcome, r.body),
  );
  api.get(`${p}/calls/:call/sandpit`, { schema: { tags, summary: 'A suggested sandpit group of a size, most diverse in disciplines and regions (Rao–Stirling), with the balance', params: Call, querystring: z.object({ size: z.coerce.number().int().min(2).max(200) }), response: { 200: SandpitView } } }, async (r) => sandpitSuggestion(hub, r.viewer, r.params.call, r.query));
  api.post(`${p}/calls/:call/sandpit/selection`, { schema: { tags, summary: 'Invite the chosen participants (the others are told)', params: Call, body: serviceChecked(z.object({ applicationIds: z.array(z.string()) })), response: { 200: z.object({ invited: z.number().int(), notInvited: z.number().int() }) } } }, async (r) => selectSandpit(hub, r.viewer, r.params.call, r.body));
  api.post(`${p}/calls/:call/sandpit/teams`, { schema: { tags, summary: 'Form a team of invited participants (its lead writes the proposal)', params: Call, body: serviceChecked(z.object({ name: z.string(), applicationIds: z.array(z.string()) })), response: { 201: z.object({ id: z.string(), name: z.string(), members: z.number().int() }) } } }, async (r, reply) =>
    reply.status(201).send(await createSandpitTeam(hub, r.viewer, r.params.call, r.body)),
  );

  // applications
  api.get(`${p}/applications/mine`, { schema: { tags, summary: 'My applications and those I am a confirmed team member of', response: { 200: z.array(ApplicationCard) } } }, async (r) => myApplications(hub, r.viewer));
  api.get(`${p}/applications/:id`, { schema: { tags, summary: 'An application (its team, managers, its reviewers; never a conflicted one)', params: Id, response: { 200: ApplicationView } } }, async (r) => getApplication(hub, r.viewer, r.params.id));
  api.patch(`${p}/applications/:id`, { schema: { tags, summary: 'Save a draft (autosave), giving the version you saw', params: Id, body: serviceChecked(ApplicationSave), response: { 200: ApplicationView } } }, async (r) => saveApplication(hub, r.viewer, r.params.id, r.body));
  api.get(`${p}/applications/:id/check`, { schema: { tags, summary: 'What is missing or wrong before submitting, by question, and eligibility warnings', params: Id, response: { 200: SubmissionCheck.extend({ warnings: z.array(z.string()) }) } } }, async (r) => checkApplication(hub, r.viewer, r.params.id));
  api.post(`${p}/applications/:id/submit`, { schema: { tags, summary: 'Submit (the deadline is the server’s clock at the write; a repeat changes nothing)', params: Id, response: { 200: ApplicationView } } }, async (r) => submitApplication(hub, r.viewer, r.params.id));
  api.post(`${p}/applications/:id/withdraw`, { schema: { tags, summary: 'Withdraw an application', params: Id, body: serviceChecked(z.object({ reason: z.string().optional() }).optional()), response: { 200: ApplicationView } } }, async (r) => withdrawApplication(hub, r.viewer, r.params.id, r.body ?? {}));
  api.post(`${p}/applications/:id/team/invite`, { schema: { tags, summary: 'Email the team members who have not been asked to confirm', params: Id, response: { 200: ApplicationView } } }, async (r) => inviteTeam(hub, r.viewer, r.params.id));
  api.post(`${p}/team-invitations`, { schema: { tags, summary: 'Confirm or decline a place on a team, by the emailed link', body: serviceChecked(z.object({ token: z.string(), accept: z.boolean() })), response: { 200: z.object({ application: z.string(), call: z.string(), confirmation: z.enum(['confirmed', 'declined']) }) } } }, async (r) =>
    respondToTeamInvitation(hub, r.viewer, r.body),
  );
  api.post(`${p}/applications/:id/extension`, { schema: { tags, summary: 'Give one application more time, with the reason (programme managers)', params: Id, body: serviceChecked(ExtensionInput), response: { 200: ApplicationView } } }, async (r) => grantExtension(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/applications/:id/screening`, { schema: { tags, summary: 'Screen for eligibility, with reasons (programme managers)', params: Id, body: serviceChecked(ScreeningInput), response: { 200: ApplicationView } } }, async (r) => screenApplication(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/applications/:id/eoi-outcome`, { schema: { tags, summary: 'Invite a full application from an expression of interest, or not (programme managers)', params: Id, body: serviceChecked(EoiOutcomeInput), response: { 200: ApplicationView } } }, async (r) => decideExpression(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/applications/:id/conflicts`, { schema: { tags, summary: 'Record a conflict between a reviewer and the application (programme managers)', params: Id, body: serviceChecked(ConflictInput), response: { 200: z.array(ConflictView) } } }, async (r) => recordConflict(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/applications/:id/declare-conflict`, { schema: { tags, summary: 'Declare a conflict on an application assigned to me (reviewers): it is taken off me', params: Id, body: serviceChecked(DeclareConflict), response: { 200: Done } } }, async (r) => {
    await declareConflict(hub, r.viewer, r.params.id, r.body);
    return { done: true as const };
  });
  api.post(`${p}/applications/:id/notes`, { schema: { tags, summary: 'A moderation note for the panel (programme managers)', params: Id, body: serviceChecked(PanelNoteInput), response: { 200: Done } } }, async (r) => {
    await addPanelNote(hub, r.viewer, r.params.id, r.body);
    return { done: true as const };
  });
  api.post(`${p}/applications/:id/decision`, { schema: { tags, summary: 'Fund, reject or reserve, with a reason (funding makes the award; programme managers)', params: Id, body: serviceChecked(DecisionInput), response: { 200: z.object({ decision: z.string(), awardId: z.string().nullable() }) } } }, async (r) => decide(hub, r.viewer, r.params.id, r.body));
  api.get(`${p}/applications/:id/letter`, { schema: { tags, summary: 'The decision letter as it would be sent (programme managers)', params: Id, response: { 200: LetterPreview } } }, async (r) => previewLetter(hub, r.viewer, r.params.id));
  await api.register(async (plain) => {
    const files = plain.withTypeProvider<ZodTypeProvider>();
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: hub.uploadLimit }, (_req, body, done) => done(null, body));
    files.post(`${p}/applications/:id/files`, { bodyLimit: hub.uploadLimit, schema: { tags, summary: 'Upload a file to a file question (the request body; ?question=…&filename=…)', params: Id, querystring: z.object({ question: z.string().min(1).max(40), filename: z.string().min(1).max(500) }), response: { 201: ApplicationFileView } } }, async (r, reply) => {
      const body = Buffer.isBuffer(r.body) ? r.body : Buffer.alloc(0);
      return reply.status(201).send(await uploadApplicationFile(hub, r.viewer, r.params.id, r.query.question, r.query.filename, body));
    });
  });
  api.get(`${p}/files/:id`, { schema: { tags, summary: 'Download an application’s file (whoever may see the application)', params: Id } }, async (r, reply) => {
    const file = await readApplicationFile(hub, r.viewer, r.params.id);
    return reply
      .type(file.mediaType)
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });
  api.delete(`${p}/files/:id`, { schema: { tags, summary: 'Remove a file from a draft', params: Id, response: { 204: NoContent } } }, async (r, reply) => {
    await deleteApplicationFile(hub, r.viewer, r.params.id);
    return reply.status(204).send(null);
  });

  // reviewers, relations, assignments, reviews
  api.get(`${p}/reviewers`, { schema: { tags, summary: 'The reviewer pool (programme managers)', response: { 200: z.array(ReviewerView) } } }, async (r) => listReviewers(hub, r.viewer));
  api.post(`${p}/reviewers`, { schema: { tags, summary: 'Add a member to the pool: they gain the reviewer role (programme managers)', body: serviceChecked(ReviewerInput.partial().extend({ profileId: z.string() })), response: { 201: ReviewerView } } }, async (r, reply) => reply.status(201).send(await addReviewer(hub, r.viewer, r.body)));
  api.post(`${p}/reviewers/invitations`, { schema: { tags, summary: 'Invite an external reviewer by email (an account limited to its assignments)', body: serviceChecked(ExternalReviewerInvite), response: { 201: ReviewerView } } }, async (r, reply) => reply.status(201).send(await inviteExternalReviewer(hub, r.viewer, r.body)));
  api.patch(`${p}/reviewers/:id`, { schema: { tags, summary: 'Change a reviewer’s capacity, expertise or terms, or take them out of the pool (programme managers)', params: Id, body: serviceChecked(ReviewerPatch), response: { 200: ReviewerView } } }, async (r) => updateReviewer(hub, r.viewer, r.params.id, r.body));
  api.get(`${p}/me/reviewer`, { schema: { tags, summary: 'My record in the reviewer pool', response: { 200: ReviewerView } } }, async (r) => myReviewerProfile(hub, r.viewer));
  api.patch(`${p}/me/reviewer`, { schema: { tags, summary: 'Edit my expertise, terms and capacity as a reviewer', body: serviceChecked(ReviewerPatch), response: { 200: ReviewerView } } }, async (r) => updateMyReviewerProfile(hub, r.viewer, r.body));
  api.get(`${p}/me/relations`, { schema: { tags, summary: 'The personal, supervisory and other relations I have stated', response: { 200: z.array(RelationView) } } }, async (r) => myRelations(hub, r.viewer));
  api.post(`${p}/me/relations`, { schema: { tags, summary: 'State a relation (applications naming that person are conflicts)', body: serviceChecked(RelationInput), response: { 201: z.array(RelationView) } } }, async (r, reply) => reply.status(201).send(await addRelation(hub, r.viewer, r.body)));
  api.delete(`${p}/me/relations/:id`, { schema: { tags, summary: 'Remove a stated relation', params: Id, response: { 200: z.array(RelationView) } } }, async (r) => deleteRelation(hub, r.viewer, r.params.id));
  api.get(`${p}/assignments/mine`, { schema: { tags, summary: 'My review assignments', response: { 200: z.array(AssignmentView) } } }, async (r) => myAssignments(hub, r.viewer));
  api.post(`${p}/assignments`, { schema: { tags, summary: 'Assign a reviewer by hand (never a conflicted one; programme managers)', body: serviceChecked(ManualAssignment), response: { 201: AssignmentView } } }, async (r, reply) => reply.status(201).send(await assignManually(hub, r.viewer, r.body)));
  api.post(`${p}/assignments/:id/response`, { schema: { tags, summary: 'Accept or decline a review invitation (a declined place is reassigned)', params: Id, body: serviceChecked(AssignmentResponse), response: { 200: AssignmentView } } }, async (r) => respondToAssignment(hub, r.viewer, r.params.id, r.body));
  api.delete(`${p}/assignments/:id`, { schema: { tags, summary: 'Take a reviewer off an application (programme managers)', params: Id, querystring: z.object({ refill: z.enum(['true', 'false']).optional() }), response: { 204: NoContent } } }, async (r, reply) => {
    await removeAssignment(hub, r.viewer, r.params.id, r.query.refill === 'true');
    return reply.status(204).send(null);
  });
  api.get(`${p}/assignments/:id/review`, { schema: { tags, summary: 'My review of an assignment: criteria on the 1–6 scale, comments, confidence', params: Id, response: { 200: ReviewForm } } }, async (r) => getReview(hub, r.viewer, r.params.id));
  api.put(`${p}/assignments/:id/review`, { schema: { tags, summary: 'Save or submit my review, giving the version you saw', params: Id, body: serviceChecked(ReviewSave), response: { 200: ReviewForm } } }, async (r) => saveReview(hub, r.viewer, r.params.id, r.body));

  // awards, reports, outcomes, portfolio
  api.get(`${p}/awards`, { schema: { tags, summary: 'Awards (public, as GtR publishes them); ?mine=true for mine, ?call= for a call’s', querystring: z.object({ mine: z.enum(['true', 'false']).optional(), call: z.string().max(100).optional() }), response: { 200: z.array(AwardCard) } } }, async (r) =>
    listAwards(hub, r.viewer, { mine: r.query.mine === 'true', ...(r.query.call && { call: r.query.call }) }),
  );
  api.get(`${p}/awards/:id`, { schema: { tags, summary: 'An award: team, budget, milestones, outcomes (reports for its team and managers)', params: Id, response: { 200: AwardView } } }, async (r) => getAward(hub, r.viewer, r.params.id));
  api.patch(`${p}/awards/:id`, { schema: { tags, summary: 'Edit an award: amount, dates, status, budget lines, milestones, reporting schedule (programme managers)', params: Id, body: serviceChecked(AwardPatch), response: { 200: AwardView } } }, async (r) => updateAward(hub, r.viewer, r.params.id, r.body));
  api.put(`${p}/reports/:id`, { schema: { tags, summary: 'Save or submit a report (the award’s team)', params: Id, body: serviceChecked(ReportSave), response: { 200: ReportView } } }, async (r) => saveReport(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/reports/:id/review`, { schema: { tags, summary: 'Accept a report or return it with a note (programme managers)', params: Id, body: serviceChecked(ReportReview), response: { 200: ReportView } } }, async (r) => reviewReport(hub, r.viewer, r.params.id, r.body));
  api.post(`${p}/awards/:id/outcomes`, { schema: { tags, summary: 'Record an outcome (Researchfish and GtR types; a publication from its BibTeX or RIS)', params: Id, body: serviceChecked(OutcomeInput), response: { 201: OutcomeView } } }, async (r, reply) => reply.status(201).send(await addOutcome(hub, r.viewer, r.params.id, r.body)));
  api.patch(`${p}/outcomes/:id`, { schema: { tags, summary: 'Edit an outcome', params: Id, body: serviceChecked(OutcomeInput), response: { 200: OutcomeView } } }, async (r) => updateOutcome(hub, r.viewer, r.params.id, r.body));
  api.delete(`${p}/outcomes/:id`, { schema: { tags, summary: 'Remove an outcome', params: Id, response: { 204: NoContent } } }, async (r, reply) => {
    await deleteOutcome(hub, r.viewer, r.params.id);
    return reply.status(204).send(null);
  });
  api.post(`${p}/outcomes/:id/publish`, { schema: { tags, summary: 'Send a publication to the library (its curators decide)', params: Id, response: { 200: z.object({ itemId: z.string(), state: z.string() }) } } }, async (r) => publishOutcome(hub, r.viewer, r.params.id));
  api.get(`${p}/portfolio`, { schema: { tags, summary: 'The portfolio: awards by mechanism, status, region, discipline, organisation and partner type; spend; outcomes; boundaries crossed', response: { 200: PortfolioView } } }, async (r) => portfolio(hub, r.viewer));
  api.get(`${p}/portfolio.csv`, { schema: { tags, summary: 'The portfolio’s awards as CSV' } }, async (r, reply) => csv(reply, 'portfolio.csv', await portfolioCsv(hub, r.viewer)));
  api.get(`${p}/portfolio/gtr-projects.csv`, { schema: { tags, summary: 'The awards in Gateway to Research’s project CSV columns' } }, async (r, reply) => csv(reply, 'gtr-projects.csv', await gtrCsv(hub, r.viewer, 'projects')));
  api.get(`${p}/portfolio/gtr-outcomes.csv`, { schema: { tags, summary: 'The outcomes with their GtR outcome types, as CSV' } }, async (r, reply) => csv(reply, 'gtr-outcomes.csv', await gtrCsv(hub, r.viewer, 'outcomes')));
}
