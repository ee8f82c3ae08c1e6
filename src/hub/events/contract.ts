/**
 * The events' contract: event types, events (with sessions, speakers, organisers, venue or online link, capacity and
 * registration settings), registrations and their waitlist, check-in, feedback, outputs and reports, as zod schemas
 * shared by the services, the routes (and so the OpenAPI document) and the web app's types.
 */
import { z } from 'zod';
import { TEXT_LIMITS, TermView } from '../platform/model.js';
import { Questionnaire } from '../platform/questionnaire.js';
import { displayName, email, facetValues, httpUrl, isoDate, regionCode } from '../platform/validate.js';

const codes = z.array(z.string().trim().min(1).max(80)).max(30);
const uuid = z.uuid({ message: 'is not an id' });

export const FORMATS = { in_person: 'In person', online: 'Online', hybrid: 'In person and online' } as const;
export type EventFormat = keyof typeof FORMATS;
export const REGISTRATION_MODES = { open: 'Open: anyone may register', moderated: 'Moderated: an organiser approves each registration', invitation: 'By invitation', none: 'No registration' } as const;
export type RegistrationMode = keyof typeof REGISTRATION_MODES;
export const REGISTRATION_STATUSES = { invited: 'Invited', pending: 'Awaiting approval', confirmed: 'Confirmed', waitlisted: 'On the waitlist', declined: 'Not approved', cancelled: 'Cancelled' } as const;
export type RegistrationStatus = keyof typeof REGISTRATION_STATUSES;
export const OUTPUT_KINDS = { recording: 'Recording', slides: 'Slides', output: 'Output' } as const;
export type OutputKind = keyof typeof OUTPUT_KINDS;

/** A date-time as the organiser gives it: wall-clock time in the event's time zone (2027-03-31T12:00), or an instant with its offset. */
const wallClock = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/, 'must be a date and time YYYY-MM-DDTHH:mm');

export const Speaker = z
  .object({
    profileId: uuid.nullable().optional(),
    name: displayName(TEXT_LIMITS.personName),
    affiliation: z.string().trim().max(TEXT_LIMITS.organisationName).default(''),
  })
  .strict();
export type Speaker = z.output<typeof Speaker>;

export const SessionInput = z
  .object({
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.title),
    description: z.string().trim().max(TEXT_LIMITS.description).default(''),
    startsAt: wallClock,
    endsAt: wallClock,
    location: z.string().trim().max(200).default(''),
    speakers: z.array(Speaker).max(30).default([]),
  })
  .strict();

export const Venue = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    address: z.string().trim().max(1000).default(''),
    region: regionCode.nullable().optional(),
  })
  .strict();

export const EventInput = z
  .object({
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be 2–80 lower-case letters, digits or hyphens').optional(),
    type: z.string().trim().min(1, 'is required').max(40),
    title: z.string().trim().min(1, 'is required').max(TEXT_LIMITS.title),
    summary: z.string().trim().max(TEXT_LIMITS.summary).default(''),
    body: z.string().max(TEXT_LIMITS.body).default(''),
    themes: codes.default([]),
    technologies: codes.default([]),
    sectors: codes.default([]),
    /** Members who organise it, by profile (the creator is one). */
    organisers: z.array(uuid).max(20).default([]),
    timezone: z.string().trim().max(60).default('Europe/London'),
    startsAt: wallClock,
    endsAt: wallClock,
    format: z.enum(Object.keys(FORMATS) as [EventFormat, ...EventFormat[]]),
    venue: Venue.nullable().optional(),
    onlineUrl: httpUrl.nullable().optional(),
    capacity: z.number().int('must be a whole number').min(0).max(1_000_000).nullable().default(null),
    registration: z.enum(Object.keys(REGISTRATION_MODES) as [RegistrationMode, ...RegistrationMode[]]).default('open'),
    registrationClosesAt: wallClock.nullable().optional(),
    questions: Questionnaire.default([]),
    feedbackQuestions: Questionnaire.optional(),
    sessions: z.array(SessionInput).max(100).default([]),
    published: z.boolean().default(false),
  })
  .strict();
export type EventInput = z.output<typeof EventInput>;
export const EventPatch = EventInput.partial().extend({ version: z.number().int().min(1), cancelled: z.boolean().optional() }).strict();

export const EventQuery = z
  .object({
    when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
    type: facetValues,
    theme: facetValues,
    region: facetValues,
    format: z.enum(['online', 'in_person']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    q: z.string().trim().max(TEXT_LIMITS.query).optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type EventQuery = z.input<typeof EventQuery>;

export const EventTypeInput = z
  .object({
    code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2–40 lower-case letters, digits or underscores'),
    name: z.string().trim().min(1, 'is required').max(120),
    description: z.string().trim().max(TEXT_LIMITS.description).default(''),
  })
  .strict();

/** A registration: a member's comes from their account; a guest gives a name and an email address, which is verified. */
export const RegistrationInput = z
  .object({
    name: displayName(TEXT_LIMITS.personName).optional(),
    email: email.optional(),
    organisation: z.string().trim().max(TEXT_LIMITS.organisationName).default(''),
    sector: z.string().trim().max(4).nullable().optional(),
    region: regionCode.nullable().optional(),
    answers: z.record(z.string().max(40), z.unknown()).default({}),
    /** Consent to the digests of the network (recorded with its wording). */
    keepInformed: z.boolean().default(false),
  })
  .strict();
export type RegistrationInput = z.output<typeof RegistrationInput>;

export const InvitationsInput = z.object({ invitees: z.array(z.object({ email, name: displayName(TEXT_LIMITS.personName) }).strict()).min(1).max(500) }).strict();
export const ModerationInput = z.object({ approve: z.boolean(), note: z.string().trim().max(TEXT_LIMITS.reason).default('') }).strict();
export const CheckInInput = z.object({ code: z.string().trim().min(4).max(40).optional(), registrationId: uuid.optional(), undo: z.boolean().default(false) }).strict();
export const FeedbackInput = z.object({ answers: z.record(z.string().max(40), z.unknown()) }).strict();
export const OutputInput = z.object({ libraryItemId: uuid, kind: z.enum(Object.keys(OUTPUT_KINDS) as [OutputKind, ...OutputKind[]]) }).strict();
export const TokenBody = z.object({ token: z.string().trim().min(10).max(200) }).strict();
export const InvitationResponse = z.object({ token: z.string().trim().min(10).max(200), accept: z.boolean(), answers: z.record(z.string().max(40), z.unknown()).default({}) }).strict();

// answers

/** An instant in the event's zone: UTC, the wall-clock time there, the zone and its abbreviation then (GMT, BST). */
export const ZonedTime = z.object({ utc: z.string(), local: z.string(), timezone: z.string(), abbreviation: z.string() });
export type ZonedTime = z.infer<typeof ZonedTime>;

export const EventTypeView = z.object({ code: z.string(), name: z.string(), description: z.string(), builtin: z.boolean(), events: z.number().int() });

export const Places = z.object({ capacity: z.number().int().nullable(), confirmed: z.number().int(), waitlisted: z.number().int(), pending: z.number().int(), left: z.number().int().nullable() });

export const EventCard = z.object({
  id: z.string(),
  slug: z.string(),
  type: TermView,
  title: z.string(),
  summary: z.string(),
  startsAt: ZonedTime,
  endsAt: ZonedTime,
  format: z.enum(Object.keys(FORMATS) as [EventFormat, ...EventFormat[]]),
  venueName: z.string().nullable(),
  region: TermView.nullable(),
  themes: z.array(TermView),
  registration: z.enum(Object.keys(REGISTRATION_MODES) as [RegistrationMode, ...RegistrationMode[]]),
  status: z.enum(['draft', 'upcoming', 'ongoing', 'past', 'cancelled']),
  places: Places,
  outputs: z.number().int(),
  isExample: z.boolean(),
});
export type EventCard = z.infer<typeof EventCard>;

export const SessionView = z.object({ id: z.string(), title: z.string(), description: z.string(), startsAt: ZonedTime, endsAt: ZonedTime, location: z.string(), speakers: z.array(z.object({ profileId: z.string().nullable().optional(), name: z.string(), affiliation: z.string() })) });

export const MyRegistration = z.object({
  id: z.string(),
  status: z.enum(Object.keys(REGISTRATION_STATUSES) as [RegistrationStatus, ...RegistrationStatus[]]),
  /** Place on the waitlist (1 is next), when waiting. */
  position: z.number().int().nullable(),
  checkinCode: z.string().nullable(),
  /** The check-in QR code, as SVG, once confirmed. */
  qrSvg: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  checkedIn: z.boolean(),
  feedbackGiven: z.boolean(),
});
export type MyRegistration = z.infer<typeof MyRegistration>;

export const EventView = EventCard.extend({
  body: z.string(),
  bodyHtml: z.string(),
  timezone: z.string(),
  technologies: z.array(TermView),
  sectors: z.array(TermView),
  venue: z.object({ name: z.string(), address: z.string(), region: TermView.nullable() }).nullable(),
  /** The join link: for confirmed registrants and organisers only. */
  onlineUrl: z.string().nullable(),
  hasOnlineLink: z.boolean(),
  registrationClosesAt: ZonedTime.nullable(),
  questions: Questionnaire,
  feedbackQuestions: Questionnaire,
  sessions: z.array(SessionView),
  organisers: z.array(z.object({ profileId: z.string().nullable(), name: z.string() })),
  outputItems: z.array(z.object({ itemId: z.string(), title: z.string(), kind: z.string() })),
  myRegistration: MyRegistration.nullable(),
  can: z.object({ register: z.boolean(), manage: z.boolean(), giveFeedback: z.boolean() }),
  registrationNote: z.string().nullable(),
  version: z.number().int(),
  sequence: z.number().int(),
});
export type EventView = z.infer<typeof EventView>;

export const RegistrationOutcome = z.object({
  status: z.enum(['check_your_email', ...(Object.keys(REGISTRATION_STATUSES) as RegistrationStatus[])] as [string, ...string[]]),
  registration: MyRegistration.nullable(),
  message: z.string(),
});

export const AttendeeView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisation: z.string(),
  sector: TermView.nullable(),
  region: TermView.nullable(),
  member: z.boolean(),
  status: z.enum(Object.keys(REGISTRATION_STATUSES) as [RegistrationStatus, ...RegistrationStatus[]]),
  position: z.number().int().nullable(),
  answers: z.record(z.string(), z.unknown()),
  registeredAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkinCode: z.string(),
});
export type AttendeeView = z.infer<typeof AttendeeView>;

const Mix = z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() }));
export const EventReport = z.object({
  events: z.number().int(),
  registrations: z.object({ confirmed: z.number().int(), waitlisted: z.number().int(), pending: z.number().int(), cancelled: z.number().int(), declined: z.number().int(), invited: z.number().int() }),
  attended: z.number().int(),
  /** Checked in over confirmed, for events that have ended (null when none has). */
  attendanceRate: z.number().nullable(),
  bySector: Mix,
  byRegion: Mix,
  byType: Mix,
  feedback: z.array(z.object({ question: z.string(), label: z.string(), type: z.string(), responses: z.number().int(), mean: z.number().nullable(), distribution: z.array(z.object({ value: z.string(), count: z.number().int() })) })),
  notices: z.array(z.string()),
});
export type EventReport = z.infer<typeof EventReport>;

export const RegistrationByToken = z.object({ event: EventCard, registration: MyRegistration, name: z.string() });
export const CalendarFeedView = z.object({ url: z.string().nullable(), createdAt: z.string().nullable() });
