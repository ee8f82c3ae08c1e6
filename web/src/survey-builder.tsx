import { useState } from 'react';
import type { SurveyQuestion } from './api';
import { issuesOf, sentence, showsBeside } from './ui';

const TYPES: Record<SurveyQuestion['type'], string> = {
  text: 'Free text',
  choice: 'One choice',
  multiple_choice: 'Several choices',
  scale: 'Scale',
  number: 'Number',
  yes_no: 'Yes or no',
};

function blank(type: SurveyQuestion['type'], id: string, label: string, required: boolean): SurveyQuestion {
  const base = { id, label, required };
  switch (type) {
    case 'text':
      return { ...base, type, maxLength: 2000 };
    case 'choice':
    case 'multiple_choice':
      return { ...base, type, options: ['First option', 'Second option'] };
    case 'scale':
      return { ...base, type, min: 1, max: 5, minLabel: '', maxLabel: '' };
    case 'number':
      return { ...base, type };
    case 'yes_no':
      return { ...base, type };
  }
}

const SETTINGS: Record<string, string> = { id: 'Key', label: 'Question', help: 'Help text', options: 'Options', maxLength: 'Most characters', min: 'Lowest', max: 'Highest', minLabel: 'Lowest means', maxLabel: 'Highest means' };
/** `.options[1]` → "Options: " (an issue with the question as a whole: nothing). */
function settingName(rest: string): string {
  const key = /^\.([A-Za-z]+)/.exec(rest)?.[1];
  return key ? `${SETTINGS[key] ?? key}: ` : '';
}

function freeId(questions: readonly SurveyQuestion[]): string {
  const taken = new Set(questions.map((q) => q.id));
  let n = questions.length + 1;
  while (taken.has(`question_${n}`)) n++;
  return `question_${n}`;
}

/**
 * Writes a short questionnaire (registration questions, a feedback survey, a consultation's questions): each question
 * with its type, wording and settings, in order. The service checks the whole; its messages name
 * `<field>[i].<setting>`, shown here beside the question.
 */
export function SurveyBuilder({ legend, field, questions, onChange, error }: { legend: string; field: string; questions: SurveyQuestion[]; onChange: (q: SurveyQuestion[]) => void; error?: unknown }) {
  const [adding, setAdding] = useState<SurveyQuestion['type']>('text');
  const issues = issuesOf(error);
  const put = (i: number, q: SurveyQuestion) => onChange(questions.map((x, j) => (j === i ? q : x)));
  const move = (i: number, by: number) => {
    const next = [...questions];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <fieldset className="survey-builder">
      <legend>{legend}</legend>
      {questions.length === 0 && <p className="hint">No questions.</p>}
      <ol>
        {questions.map((q, i) => {
          const id = `${field}-${i}`;
          const said = issues.filter((x) => x.field === `${field}[${i}]` || x.field.startsWith(`${field}[${i}].`));
          said.forEach(showsBeside);
          return (
            <li key={i}>
              <div className="row">
                <label>
                  Question{' '}
                  <input aria-label={`${legend}: question ${i + 1}`} value={q.label} required maxLength={300} onChange={(e) => put(i, { ...q, label: e.target.value })} />
                </label>
                <label>
                  Type{' '}
                  <select aria-label={`${legend}: question ${i + 1}, type`} value={q.type} onChange={(e) => put(i, blank(e.target.value as SurveyQuestion['type'], q.id, q.label, q.required))}>
                    {Object.entries(TYPES).map(([k, v]) => (
                      <option key={k} value={k}>
                        {v}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="checkbox">
                  <input type="checkbox" checked={q.required} onChange={(e) => put(i, { ...q, required: e.target.checked })} /> Required
                </label>
              </div>
              <details>
                <summary>Settings</summary>
                <label htmlFor={`${id}-id`}>Key (in exports; keep it once answers come in)</label>
                <input id={`${id}-id`} value={q.id} pattern="[a-z][a-z0-9_]{0,39}" onChange={(e) => put(i, { ...q, id: e.target.value })} />
                <label htmlFor={`${id}-help`}>Help text</label>
                <input id={`${id}-help`} value={q.help ?? ''} maxLength={1000} onChange={(e) => put(i, { ...q, help: e.target.value || undefined })} />
                {(q.type === 'choice' || q.type === 'multiple_choice') && (
                  <>
                    <label htmlFor={`${id}-options`}>Options, one per line</label>
                    <textarea id={`${id}-options`} rows={Math.max(3, q.options.length)} value={q.options.join('\n')} onChange={(e) => put(i, { ...q, options: e.target.value.split('\n') })} />
                  </>
                )}
                {q.type === 'text' && (
                  <>
                    <label htmlFor={`${id}-max`}>Most characters</label>
                    <input id={`${id}-max`} type="number" min={1} max={10000} value={q.maxLength} onChange={(e) => put(i, { ...q, maxLength: Number(e.target.value) })} />
                  </>
                )}
                {q.type === 'scale' && (
                  <div className="row">
                    <label>
                      From{' '}
                      <select value={q.min} onChange={(e) => put(i, { ...q, min: Number(e.target.value) })}>
                        <option value={0}>0</option>
                        <option value={1}>1</option>
                      </select>
                    </label>
                    <label>
                      to <input type="number" min={2} max={10} value={q.max} onChange={(e) => put(i, { ...q, max: Number(e.target.value) })} />
                    </label>
                    <label>
                      lowest means <input value={q.minLabel} maxLength={60} onChange={(e) => put(i, { ...q, minLabel: e.target.value })} />
                    </label>
                    <label>
                      highest means <input value={q.maxLabel} maxLength={60} onChange={(e) => put(i, { ...q, maxLabel: e.target.value })} />
                    </label>
                  </div>
                )}
                {q.type === 'number' && (
                  <div className="row">
                    <label>
                      At least <input type="number" value={q.min ?? ''} onChange={(e) => put(i, { ...q, min: e.target.value === '' ? undefined : Number(e.target.value) })} />
                    </label>
                    <label>
                      at most <input type="number" value={q.max ?? ''} onChange={(e) => put(i, { ...q, max: e.target.value === '' ? undefined : Number(e.target.value) })} />
                    </label>
                  </div>
                )}
              </details>
              {said.map((x) => (
                <small key={x.field + x.message} className="field-error">
                  {settingName(x.field.slice(`${field}[${i}]`.length))}
                  {sentence(x.message)}
                </small>
              ))}
              <div className="row">
                <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>
                  Up
                </button>
                <button type="button" disabled={i === questions.length - 1} onClick={() => move(i, 1)}>
                  Down
                </button>
                <button type="button" onClick={() => onChange(questions.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="row">
        <select aria-label={`${legend}: type of the new question`} value={adding} onChange={(e) => setAdding(e.target.value as SurveyQuestion['type'])}>
          {Object.entries(TYPES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => onChange([...questions, blank(adding, freeId(questions), 'New question', false)])}>
          Add a question
        </button>
      </div>
    </fieldset>
  );
}

/** The options as the service should see them: blank lines dropped. */
export function tidySurvey(questions: readonly SurveyQuestion[]): SurveyQuestion[] {
  return questions.map((q) => (q.type === 'choice' || q.type === 'multiple_choice' ? { ...q, options: q.options.map((o) => o.trim()).filter(Boolean) } : q));
}
