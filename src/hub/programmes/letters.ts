/**
 * Decision letters: editable templates per call and outcome, with placeholders filled in for each applicant. Pure.
 * A placeholder is `{{name}}`; a template may use only the ones listed, so a typo is refused when it is saved, not
 * sent to an applicant.
 */
export const LETTER_PLACEHOLDERS = {
  name: 'The lead applicant’s name',
  call: 'The call’s title',
  title: 'The application’s title',
  reference: 'The application’s reference',
  reason: 'The reason given with the decision',
  feedback: 'The reviewers’ comments for the applicant',
  amount: 'The amount awarded',
  link: 'The address of the application in the hub',
} as const;
export type LetterPlaceholder = keyof typeof LETTER_PLACEHOLDERS;

export const DEFAULT_LETTERS = {
  fund: {
    subject: 'Your application to {{call}} will be funded',
    body: 'Dear {{name}},\n\nWe are pleased to tell you that the panel has decided to fund your application "{{title}}" ({{reference}}) to {{call}}, for {{amount}}.\n\n{{reason}}\n\nThe reviewers\' comments:\n\n{{feedback}}\n\nWe will be in touch about the award\'s start, its milestones and its reports. You can follow it at {{link}}.\n\nWith best wishes,\nThe programme team',
  },
  reject: {
    subject: 'Your application to {{call}}',
    body: 'Dear {{name}},\n\nThank you for applying to {{call}}. We are sorry to tell you that the panel was not able to fund your application "{{title}}" ({{reference}}).\n\n{{reason}}\n\nThe reviewers\' comments, which we hope will be useful:\n\n{{feedback}}\n\nWith best wishes,\nThe programme team',
  },
  reserve: {
    subject: 'Your application to {{call}}: reserve list',
    body: 'Dear {{name}},\n\nThe panel rated your application "{{title}}" ({{reference}}) to {{call}} highly, and has placed it on the reserve list: if funds become available, we will offer it an award.\n\n{{reason}}\n\nThe reviewers\' comments:\n\n{{feedback}}\n\nWith best wishes,\nThe programme team',
  },
  invite: {
    subject: 'Invitation to submit a full application to {{call}}',
    body: 'Dear {{name}},\n\nThank you for your expression of interest "{{title}}" ({{reference}}). We invite you to submit a full application to {{call}}: start it at {{link}}.\n\n{{reason}}\n\nWith best wishes,\nThe programme team',
  },
  not_invited: {
    subject: 'Your expression of interest to {{call}}',
    body: 'Dear {{name}},\n\nThank you for your expression of interest "{{title}}" ({{reference}}) to {{call}}. We are sorry that we cannot invite a full application this time.\n\n{{reason}}\n\nWith best wishes,\nThe programme team',
  },
} as const;
export type LetterOutcome = keyof typeof DEFAULT_LETTERS;

/** The placeholders a template uses that do not exist. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]).filter((p) => !(p in LETTER_PLACEHOLDERS));
}

/** A template with its placeholders filled in (an empty value leaves no blank paragraph behind). */
export function fillLetter(template: string, values: Partial<Record<LetterPlaceholder, string>>): string {
  return template
    .replace(/\{\{\s*([a-z]+)\s*\}\}/g, (_, p: string) => values[p as LetterPlaceholder] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
