/**
 * Short questionnaires: an event's registration questions (accessibility needs, dietary requirements), its feedback
 * survey, and a consultation's questions. Typed questions (text, choice, multiple choice, a scale, a number, yes or
 * no) and the check of a set of answers against them. Pure. Every issue's field is `answers.<question id>` and its
 * message names the question. (The programme's application forms, with budgets, teams and files, are forms.ts.)
 */
import { z } from 'zod';
import type { FieldIssue } from './errors.js';

const base = {
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lower-case letters, digits or underscores, starting with a letter'),
  label: z.string().trim().min(1, 'is required').max(300),
  help: z.string().trim().max(1000).optional(),
  required: z.boolean().default(false),
};
const options = z.array(z.string().trim().min(1).max(200)).min(2, 'needs at least two options').max(30);

export const SurveyQuestion = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(10_000).default(2000) }).strict(),
  z.object({ ...base, type: z.literal('choice'), options }).strict(),
  z.object({ ...base, type: z.literal('multiple_choice'), options }).strict(),
  /** A Likert-type scale: whole numbers from min to max, the ends labelled. */
  z.object({ ...base, type: z.literal('scale'), min: z.number().int().min(0).max(1).default(1), max: z.number().int().min(2).max(10).default(5), minLabel: z.string().trim().max(60).default(''), maxLabel: z.string().trim().max(60).default('') }).strict(),
  z.object({ ...base, type: z.literal('number'), min: z.number().optional(), max: z.number().optional() }).strict(),
  z.object({ ...base, type: z.literal('yes_no') }).strict(),
]);
export type SurveyQuestion = z.output<typeof SurveyQuestion>;

export const Questionnaire = z
  .array(SurveyQuestion)
  .max(40)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats the id ${q.id}` });
      seen.add(q.id);
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.addIssue({ code: 'custom', path: [i, 'max'], message: 'must not be below min' });
    });
  });
export type Questionnaire = z.output<typeof Questionnaire>;

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** What is missing or wrong in a set of answers, question by question (an empty list: they may be kept). */
export function checkSurvey(questions: readonly SurveyQuestion[], answers: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const say = (q: SurveyQuestion, message: string) => issues.push({ field: `answers.${q.id}`, message: `“${q.label}” ${message}` });
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) issues.push({ field: `answers.${key}`, message: 'is not one of the questions' });
  for (const q of questions) {
    const v = answers[q.id];
    if (empty(v)) {
      if (q.required) say(q, 'is required');
      continue;
    }
    switch (q.type) {
      case 'text':
        if (typeof v !== 'string') say(q, 'must be text');
        else if (v.length > q.maxLength) say(q, `must be at most ${q.maxLength.toLocaleString('en-GB')} characters`);
        break;
      case 'choice':
        if (typeof v !== 'string' || !q.options.includes(v)) say(q, `must be one of: ${q.options.join('; ')}`);
        break;
      case 'multiple_choice':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !q.options.includes(x))) say(q, `must be chosen from: ${q.options.join('; ')}`);
        else if (new Set(v).size !== v.length) say(q, 'lists an option twice');
        break;
      case 'scale':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < q.min || v > q.max) say(q, `must be a whole number from ${q.min} to ${q.max}`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) say(q, 'must be a number');
        else if (q.min !== undefined && v < q.min) say(q, `must be at least ${q.min}`);
        else if (q.max !== undefined && v > q.max) say(q, `must be at most ${q.max}`);
        break;
      case 'yes_no':
        if (typeof v !== 'boolean') say(q, 'must be yes or no');
        break;
    }
  }
  return issues;
}

/** An answer as text (exports, emails). */
export function answerText(q: SurveyQuestion, v: unknown): string {
  if (empty(v)) return '';
  if (q.type === 'yes_no') return v === true ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.join('; ');
  return String(v);
}
