import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { get, put, type FormView, type Question } from '../api';
import { ProgrammeNav } from '../programmes';
import { Notice, PageTitle } from '../ui';

const TYPES: Record<Question['type'], string> = {
  text: 'Text (with a word limit)',
  choice: 'One choice',
  multiple_choice: 'Several choices',
  number: 'Number',
  budget: 'Budget table',
  file: 'File',
  team: 'Team',
  declaration: 'Declaration',
};
const STAGES: Record<string, string> = { eoi: 'Expression of interest', full: 'Application', report: 'Report' };

function blank(type: Question['type'], n: number): Question {
  const base = { id: `question_${n}`, label: 'New question', required: false };
  switch (type) {
    case 'text':
      return { ...base, type, wordLimit: 500, multiline: true };
    case 'choice':
    case 'multiple_choice':
      return { ...base, type, options: ['First option', 'Second option'] } as Question;
    case 'number':
      return { ...base, type, integer: false };
    case 'budget':
      return { ...base, type, categories: ['Staff', 'Travel and subsistence', 'Other directly incurred'] };
    case 'file':
      return { ...base, type, maxFiles: 1 };
    case 'team':
      return { ...base, type, maxMembers: 10 };
    case 'declaration':
      return { ...base, type, statement: 'I confirm that…' };
  }
}

/**
 * A call's form for a stage, as its programme managers build it: typed questions, each required or not, in order.
 * Saving a form that has answers makes a new version (the answers keep theirs); the page says which.
 */
export function FormBuilder() {
  const { slug, stage } = useParams();
  const [form, setForm] = useState<FormView | null>(null);
  const [questions, setQuestions] = useState<Question[]>([]);
  const [adding, setAdding] = useState<Question['type']>('text');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    get<FormView>(`/programmes/calls/${slug}/forms/${stage}`).then((f) => (setForm(f), setQuestions(f.questions)), setError);
  }, [slug, stage]);
  if (!form) return <Notice error={error} />;
  const set = (i: number, q: Partial<Question>) => setQuestions(questions.map((x, k) => (k === i ? ({ ...x, ...q } as Question) : x)));
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= questions.length) return;
    const next = questions.slice();
    [next[i], next[j]] = [next[j], next[i]];
    setQuestions(next);
  };
  const save = async () => {
    try {
      const f = await put<FormView>(`/programmes/calls/${slug}/forms/${stage}`, { questions });
      setMessage(f.version > form.version ? `Saved as version ${f.version}: the answers already given keep version ${form.version}.` : `Saved (version ${f.version}).`);
      setForm(f);
      setQuestions(f.questions);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const lines = (xs: string[]) => xs.join('\n');
  const unlines = (t: string) => t.split('\n').map((s) => s.trim()).filter(Boolean);
  return (
    <>
      <PageTitle>{`${STAGES[stage ?? ''] ?? 'Form'} form`}</PageTitle>
      <ProgrammeNav />
      <p>
        <Link to={`/programme/calls/${slug}`}>Back to the call</Link> · version {form.version}
        {form.answered && ' (it has answers: saving makes a new version)'}
      </p>
      <Notice error={error} message={message} />
      <ol className="form-builder">
        {questions.map((q, i) => {
          const at = `fb-${i}`;
          return (
            <li key={i}>
              <fieldset>
                <legend>
                  {i + 1}. {TYPES[q.type]}
                </legend>
                <label htmlFor={`${at}-label`}>Question</label>
                <input id={`${at}-label`} value={q.label} onChange={(e) => set(i, { label: e.target.value })} />
                <label htmlFor={`${at}-id`}>Short name (letters, digits, underscores)</label>
                <input id={`${at}-id`} value={q.id} onChange={(e) => set(i, { id: e.target.value })} />
                <label htmlFor={`${at}-help`}>Help</label>
                <input id={`${at}-help`} value={q.help ?? ''} onChange={(e) => set(i, { help: e.target.value || undefined })} />
                <div className="check">
                  <input id={`${at}-required`} type="checkbox" checked={q.required} onChange={(e) => set(i, { required: e.target.checked })} />
                  <label htmlFor={`${at}-required`}>Required</label>
                </div>
                {q.type === 'text' && (
                  <>
                    <label htmlFor={`${at}-words`}>Word limit</label>
                    <input id={`${at}-words`} type="number" min={1} value={q.wordLimit ?? ''} onChange={(e) => set(i, { wordLimit: e.target.value ? Number(e.target.value) : undefined })} />
                  </>
                )}
                {(q.type === 'choice' || q.type === 'multiple_choice') && (
                  <>
                    <label htmlFor={`${at}-options`}>Options (one a line)</label>
                    <textarea id={`${at}-options`} rows={4} value={lines(q.options)} onChange={(e) => set(i, { options: unlines(e.target.value) })} />
                  </>
                )}
                {q.type === 'number' && (
                  <>
                    <label htmlFor={`${at}-min`}>Least</label>
                    <input id={`${at}-min`} type="number" value={q.min ?? ''} onChange={(e) => set(i, { min: e.target.value === '' ? undefined : Number(e.target.value) })} />
                    <label htmlFor={`${at}-max`}>Most</label>
                    <input id={`${at}-max`} type="number" value={q.max ?? ''} onChange={(e) => set(i, { max: e.target.value === '' ? undefined : Number(e.target.value) })} />
                    <div className="check">
                      <input id={`${at}-integer`} type="checkbox" checked={q.integer} onChange={(e) => set(i, { integer: e.target.checked })} />
                      <label htmlFor={`${at}-integer`}>Whole numbers only</label>
                    </div>
                  </>
                )}
                {q.type === 'budget' && (
                  <>
                    <label htmlFor={`${at}-categories`}>Categories (one a line; the total is checked against the call's largest award)</label>
                    <textarea id={`${at}-categories`} rows={4} value={lines(q.categories)} onChange={(e) => set(i, { categories: unlines(e.target.value) })} />
                  </>
                )}
                {q.type === 'file' && (
                  <>
                    <label htmlFor={`${at}-files`}>Most files</label>
                    <input id={`${at}-files`} type="number" min={1} max={10} value={q.maxFiles} onChange={(e) => set(i, { maxFiles: Number(e.target.value) })} />
                  </>
                )}
                {q.type === 'team' && (
                  <>
                    <label htmlFor={`${at}-members`}>Most members</label>
                    <input id={`${at}-members`} type="number" min={1} max={50} value={q.maxMembers} onChange={(e) => set(i, { maxMembers: Number(e.target.value) })} />
                  </>
                )}
                {q.type === 'declaration' && (
                  <>
                    <label htmlFor={`${at}-statement`}>Statement to accept</label>
                    <textarea id={`${at}-statement`} rows={3} value={q.statement} onChange={(e) => set(i, { statement: e.target.value })} />
                  </>
                )}
                <p>
                  <button type="button" className="link" onClick={() => move(i, -1)}>
                    Move up <span className="visually-hidden">question {i + 1}</span>
                  </button>{' '}
                  <button type="button" className="link" onClick={() => move(i, 1)}>
                    Move down <span className="visually-hidden">question {i + 1}</span>
                  </button>{' '}
                  <button type="button" className="link" onClick={() => setQuestions(questions.filter((_, k) => k !== i))}>
                    Remove <span className="visually-hidden">question {i + 1}</span>
                  </button>
                </p>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p>
        <label htmlFor="fb-add-type">Add a question of type</label>{' '}
        <select id="fb-add-type" value={adding} onChange={(e) => setAdding(e.target.value as Question['type'])}>
          {Object.entries(TYPES).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>{' '}
        <button type="button" onClick={() => setQuestions([...questions, blank(adding, questions.length + 1)])}>
          Add
        </button>
      </p>
      <button type="button" onClick={save}>
        Save the form
      </button>
    </>
  );
}
