import { CALL_STAGES, CONFLICT_SOURCES, DECISIONS, RELATION_KINDS, STAGES, type ProgrammeVocabulary } from './contract.js';
import { TEAM_ROLES } from './forms.js';
import { LETTER_PLACEHOLDERS } from './letters.js';
import { OUTCOME_TYPES, SCORE_SCALE } from './mechanisms.js';

const terms = (o: Record<string, string>) => Object.entries(o).map(([code, label]) => ({ code, label }));

/** The programme's words as the forms and pages use them. */
export function programmeVocabulary(): ProgrammeVocabulary {
  return {
    stages: terms(STAGES),
    callStages: terms(CALL_STAGES),
    decisions: terms(DECISIONS),
    relationKinds: terms(RELATION_KINDS),
    conflictSources: terms(CONFLICT_SOURCES),
    teamRoles: terms(TEAM_ROLES),
    outcomeTypes: Object.entries(OUTCOME_TYPES).map(([code, t]) => ({ code, label: t.label, gtr: t.gtr })),
    scale: SCORE_SCALE.map((s) => ({ ...s })),
    letterPlaceholders: terms(LETTER_PLACEHOLDERS),
  };
}
