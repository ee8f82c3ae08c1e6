/**
 * The programme's forms: typed questions (text with a word limit, choice, multiple choice, number, budget table,
 * file, team, declaration) and the check of a set of answers against them. Pure: no I/O. Every issue names the
 * question by its label, and its field is `answers.<question id>`, so a form shows it beside the question.
 */
import { z } from 'zod';
import { TEXT_LIMITS } from '../platform/model.js';
import { displayName, email, orcid } from '../platform/validate.js';
import type { FieldIssue } from '../platform/errors.js';

const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lower-case letters, digits or underscores, starting with a letter');
const base = {
  id: questionId,
  label: z.string().trim().min(1, 'is required').max(300),
  help: z.string().trim().max(2000).optional(),
  required: z.boolean().default(false),
};
const options = z.array(z.string().trim().min(1).max(200)).min(2, 'needs at least two options').max(50);

export const TEAM_ROLES = { lead: 'Lead applicant', co_lead: 'Co-lead', co_applicant: 'Co-applicant', researcher: 'Researcher', partner: 'Project partner' } as const;
export type TeamRole = keyof typeof TEAM_ROLES;
const teamRoles = Object.keys(TEAM_ROLES) as [TeamRole, ...TeamRole[]];

export const Question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), wordLimit: z.number().int().min(1).max(10_000).optional(), multiline: z.boolean().default(true) }).strict(),
  z.object({ ...base, type: z.literal('choice'), options }).strict(),
  z.object({ ...base, type: z.literal('multiple_choice'), options, maxChoices: z.number().int().min(1).max(50).optional() }).strict(),
  z.object({ ...base, type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().default(false), unit: z.string().max(30).optional() }).strict(),
  z.object({ ...base, type: z.literal('budget'), categories: z.array(z.string().trim().min(1).max(100)).min(1).max(30) }).strict(),
  z.object({ ...base, type: z.literal('file'), maxFiles: z.number().int().min(1).max(10).default(1) }).strict(),
  z.object({ ...base, type: z.literal('team'), maxMembers: z.number().int().min(1).max(50).default(10) }).strict(),
  z.object({ ...base, type: z.literal('declaration'), statement: z.string().trim().min(1).max(5000) }).strict(),
]);
export type Question = z.output<typeof Question>;
export type QuestionType = Question['type'];

/** A form: questions with distinct ids, at most one team question and one budget question. */
export const FormQuestions = z
  .array(Question)
  .max(80)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats the id ${q.id}` });
      seen.add(q.id);
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.addIssue({ code: 'custom', path: [i, 'max'], message: 'must not be below min' });
    });
    for (const t of ['team', 'budget'] as const) if (qs.filter((q) => q.type === t).length > 1) ctx.addIssue({ code: 'custom', path: [], message: `a form has at most one ${t} question` });
  });

/** A member of an applying team: a member of the directory (by profile) or anyone named with an organisation. */
export const TeamMember = z
  .object({
    role: z.enum(teamRoles, { message: `must be one of ${teamRoles.join(', ')}` }),
    profileId: z.uuid({ message: 'is not an id' }).nullable().optional(),
    name: displayName(TEXT_LIMITS.personName),
    email: email.nullable().optional(),
    orcid: orcid.nullable().optional(),
    organisationId: z.uuid({ message: 'is not an id' }).nullable().optional(),
    organisationName: z.string().trim().max(TEXT_LIMITS.organisationName).default(''),
  })
  .strict();
export type TeamMember = z.output<typeof TeamMember>;

export const BudgetLine = z.object({ category: z.string().trim().min(1).max(100), amount: z.number().int('must be whole pounds').min(0).max(100_000_000), note: z.string().trim().max(500).optional() }).strict();
export type BudgetLine = z.output<typeof BudgetLine>;

/** Words as UKRI's forms count them: runs of characters between white space. */
export function wordCount(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

export interface AnswerContext {
  /** The most the call awards: a budget's total may not exceed it. */
  maxAmount: number;
  /** The files held for each file question. */
  files: ReadonlyMap<string, number>;
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || v === false;
const money = (n: number) => `£${n.toLocaleString('en-GB')}`;

/**
 * What is missing or wrong in a set of answers: for each question, whether it is required and answered, and whether
 * its answer is of its type and within its limits. A draft may hold an incomplete answer; a submission may not.
 */
export function checkAnswers(questions: readonly Question[], answers: Readonly<Record<string, unknown>>, ctx: AnswerContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const say = (q: Question, message: string) => issues.push({ field: `answers.${q.id}`, message: `“${q.label}” ${message}` });
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) issues.push({ field: `answers.${key}`, message: 'is not a question of this form' });
  for (const q of questions) {
    const v = q.type === 'file' ? (ctx.files.get(q.id) ?? 0) || undefined : answers[q.id];
    if (empty(v)) {
      if (q.required) say(q, q.type === 'declaration' ? 'must be accepted' : q.type === 'file' ? 'needs a file' : 'is required');
      continue;
    }
    switch (q.type) {
      case 'text': {
        if (typeof v !== 'string') say(q, 'must be text');
        else if (v.length > TEXT_LIMITS.body) say(q, `must be at most ${TEXT_LIMITS.body.toLocaleString('en-GB')} characters`);
        else if (q.wordLimit !== undefined && wordCount(v) > q.wordLimit) say(q, `has ${wordCount(v).toLocaleString('en-GB')} words; the limit is ${q.wordLimit.toLocaleString('en-GB')}`);
        break;
      }
      case 'choice':
        if (typeof v !== 'string' || !q.options.includes(v)) say(q, `must be one of: ${q.options.join('; ')}`);
        break;
      case 'multiple_choice':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !q.options.includes(x))) say(q, `must be chosen from: ${q.options.join('; ')}`);
        else if (new Set(v).size !== v.length) say(q, 'lists an option twice');
        else if (q.maxChoices !== undefined && v.length > q.maxChoices) say(q, `takes at most ${q.maxChoices} choices`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) say(q, 'must be a number');
        else if (q.integer && !Number.isInteger(v)) say(q, 'must be a whole number');
        else if (q.min !== undefined && v < q.min) say(q, `must be at least ${q.min.toLocaleString('en-GB')}`);
        else if (q.max !== undefined && v > q.max) say(q, `must be at most ${q.max.toLocaleString('en-GB')}`);
        break;
      case 'budget': {
        const parsed = z.array(BudgetLine).max(100).safeParse(v);
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          say(q, `line ${typeof i.path[0] === 'number' ? i.path[0] + 1 : ''} ${String(i.path[1] ?? '')} ${i.message}`.replace(/\s+/g, ' '));
          break;
        }
        const unknown = parsed.data.find((l) => !q.categories.includes(l.category));
        if (unknown) say(q, `has a line in “${unknown.category}”, which is not one of its categories (${q.categories.join(', ')})`);
        const total = parsed.data.reduce((s, l) => s + l.amount, 0);
        if (total > ctx.maxAmount) say(q, `totals ${money(total)}, more than the call's maximum of ${money(ctx.maxAmount)}`);
        else if (total === 0 && q.required) say(q, 'totals £0');
        break;
      }
      case 'file':
        if ((ctx.files.get(q.id) ?? 0) > q.maxFiles) say(q, `takes at most ${q.maxFiles} file${q.maxFiles === 1 ? '' : 's'}`);
        break;
      case 'team': {
        const parsed = z.array(TeamMember).safeParse(v);
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          say(q, `member ${typeof i.path[0] === 'number' ? i.path[0] + 1 : ''}: ${String(i.path[1] ?? '')} ${i.message}`.replace(/\s+/g, ' '));
          break;
        }
        if (parsed.data.length > q.maxMembers) say(q, `takes at most ${q.maxMembers} members`);
        const leads = parsed.data.filter((m) => m.role === 'lead').length;
        if (leads !== 1) say(q, `needs exactly one lead applicant (it has ${leads})`);
        const keys = parsed.data.map((m) => m.profileId ?? m.email ?? m.orcid ?? m.name.toLowerCase());
        if (new Set(keys).size !== keys.length) say(q, 'lists a person twice');
        const nameless = parsed.data.findIndex((m) => m.organisationName === '' && !m.organisationId);
        if (nameless >= 0) say(q, `member ${nameless + 1} (${parsed.data[nameless].name}) needs an organisation`);
        const unreachable = parsed.data.findIndex((m) => m.role !== 'lead' && m.role !== 'partner' && !m.profileId && !m.email);
        if (unreachable >= 0) say(q, `member ${unreachable + 1} (${parsed.data[unreachable].name}) needs an email address, to confirm they take part`);
        break;
      }
      case 'declaration':
        if (v !== true) say(q, 'must be accepted');
        break;
    }
  }
  return issues;
}

/** The team an application names (its team question's answer), or none. */
export function teamOf(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): TeamMember[] {
  const q = questions.find((x) => x.type === 'team');
  if (!q) return [];
  const parsed = z.array(TeamMember).safeParse(answers[q.id]);
  return parsed.success ? parsed.data : [];
}

/** The budget an application asks for (its budget question's lines), or none. */
export function budgetOf(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): BudgetLine[] {
  const q = questions.find((x) => x.type === 'budget');
  if (!q) return [];
  const parsed = z.array(BudgetLine).safeParse(answers[q.id]);
  return parsed.success ? parsed.data : [];
}

/** The text of the answers (text questions and choices), for search and reviewer matching. */
export function answerText(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): string {
  const out: string[] = [];
  for (const q of questions) {
    const v = answers[q.id];
    if (q.type === 'text' && typeof v === 'string') out.push(v);
    if ((q.type === 'choice' && typeof v === 'string') || (q.type === 'multiple_choice' && Array.isArray(v))) out.push([v].flat().join(' '));
  }
  return out.join('\n');
}
