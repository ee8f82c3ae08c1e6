import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { get, patch, post, put, type AwardCard, type AwardView, type PortfolioView, type ReportView } from '../api';
import { Chart } from '../chart';
import { money, ProgrammeNav } from '../programmes';
import { ExampleBadge, Field, formatDate, Notice, PageTitle } from '../ui';

const OUTCOME_TYPES: [string, string][] = [
  ['publication', 'Publication'],
  ['collaboration', 'Collaboration or partnership'],
  ['further_funding', 'Further funding'],
  ['engagement', 'Engagement activity'],
  ['policy_influence', 'Influence on policy or practice'],
  ['research_tool', 'Research tool or method'],
  ['intellectual_property', 'Intellectual property'],
  ['product', 'Product or intervention'],
  ['spin_out', 'Spin-out'],
  ['award_recognition', 'Award or recognition'],
  ['next_destination', 'Next destination'],
];

/** Every award, as Gateway to Research lists projects. */
export function Awards() {
  const [awards, setAwards] = useState<AwardCard[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<AwardCard[]>('/programmes/awards').then(setAwards, setError);
  }, []);
  return (
    <>
      <PageTitle>Awards</PageTitle>
      <ProgrammeNav />
      <Notice error={error} />
      {awards && (
        <table>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Title</th>
              <th scope="col">Mechanism</th>
              <th scope="col">Holder</th>
              <th scope="col">Amount</th>
              <th scope="col">Dates</th>
              <th scope="col">Outcomes</th>
            </tr>
          </thead>
          <tbody>
            {awards.map((a) => (
              <tr key={a.id}>
                <td>{a.reference}</td>
                <td>
                  <Link to={`/awards/${a.id}`}>{a.title}</Link> <ExampleBadge show={a.isExample} />
                </td>
                <td>{a.mechanism.label}</td>
                <td>
                  {a.holder}
                  {a.leadOrganisation && `, ${a.leadOrganisation}`}
                </td>
                <td>{money(a.amount)}</td>
                <td>
                  {formatDate(a.startDate)} – {formatDate(a.endDate)}
                </td>
                <td>{a.outcomes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** An award: its team, budget, milestones, reports (for its team and managers) and outcomes. */
export function AwardPage() {
  const { id } = useParams();
  const [award, setAward] = useState<AwardView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => get<AwardView>(`/programmes/awards/${id}`).then(setAward, setError), [id]);
  useEffect(() => {
    load();
  }, [load]);
  if (!award) return <Notice error={error} />;
  const publish = async (outcomeId: string) => {
    try {
      const r = await post<{ itemId: string; state: string }>(`/programmes/outcomes/${outcomeId}/publish`);
      setMessage(`Sent to the library's curators (${r.state}).`);
      load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{award.title}</PageTitle>
      <ProgrammeNav />
      <p>
        {award.reference} · {award.mechanism.label} · <Link to={`/calls/${award.call.slug}`}>{award.call.title}</Link> · {money(award.amount)} · {formatDate(award.startDate)} – {formatDate(award.endDate)} · {award.status}{' '}
        <ExampleBadge show={award.isExample} />
      </p>
      <Notice error={error} message={message} />
      <h2>Team</h2>
      <ul>
        {award.team.map((m) => (
          <li key={`${m.role}-${m.name}`}>
            {m.profileId ? <Link to={`/members/${m.profileId}`}>{m.name}</Link> : m.name} ({m.role.replace('_', '-')}){m.organisation && `, ${m.organisation}`}
          </li>
        ))}
      </ul>
      {award.budgetLines.length > 0 && (
        <>
          <h2>Budget</h2>
          <ul>
            {award.budgetLines.map((l) => (
              <li key={l.category}>
                {l.category}: {money(l.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      {award.milestones.length > 0 && (
        <>
          <h2>Milestones</h2>
          <ul>
            {award.milestones.map((m) => (
              <li key={m.id}>
                {m.title}: due {formatDate(m.dueOn)}
                {m.doneOn && `, done ${formatDate(m.doneOn)}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {award.can.manage && <AwardManager award={award} onSaved={(m) => (setMessage(m), load())} onError={setError} />}
      {award.reports.length > 0 && (
        <section aria-labelledby="reports-heading">
          <h2 id="reports-heading">Reports</h2>
          {award.reports.map((r) => (
            <Report key={r.id} report={r} canWrite={award.can.report} canReview={award.can.manage} onSaved={load} />
          ))}
        </section>
      )}
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Outcomes</h2>
        {award.outcomeList.length === 0 && <p>No outcomes recorded yet.</p>}
        <ul className="results">
          {award.outcomeList.map((o) => (
            <li key={o.id}>
              <strong>{o.typeLabel}</strong>: {o.title} {o.year && `(${o.year})`} <ExampleBadge show={o.isExample} />
              {typeof o.details.citation === 'string' && <p>{o.details.citation}</p>}
              {o.description && <p>{o.description}</p>}
              {o.libraryItemId ? (
                <p>
                  <Link to={`/library/${o.libraryItemId}`}>In the library</Link>
                </p>
              ) : (
                o.type === 'publication' &&
                (award.can.report || award.can.manage) && (
                  <button type="button" onClick={() => publish(o.id)}>
                    Publish to the library <span className="visually-hidden">{o.title}</span>
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
        {(award.can.report || award.can.manage) && <OutcomeForm awardId={award.id} onSaved={load} />}
      </section>
    </>
  );
}

/** A programme manager's edits: status, dates, milestones (added, done) and the amount's budget lines stay as decided. */
function AwardManager({ award, onSaved, onError }: { award: AwardView; onSaved: (m: string) => void; onError: (e: unknown) => void }) {
  const [status, setStatus] = useState(award.status);
  const [start, setStart] = useState(award.startDate);
  const [end, setEnd] = useState(award.endDate);
  const [milestone, setMilestone] = useState({ title: '', dueOn: '' });
  const milestones = award.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, doneOn: m.doneOn }));
  const save = async (body: object, what: string) => {
    try {
      await patch(`/programmes/awards/${award.id}`, body);
      onSaved(what);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <details>
      <summary>Manage the award</summary>
      <form className="editor" onSubmit={(e: FormEvent) => (e.preventDefault(), save({ status, startDate: start, endDate: end }, 'Award saved.'))}>
        <Field id="award-status" field="status" label="Status">
          {(a) => (
            <select {...a} value={status} onChange={(e) => setStatus(e.target.value as AwardView['status'])}>
              <option value="active">Active</option>
              <option value="completed">Completed</option>
              <option value="terminated">Terminated</option>
            </select>
          )}
        </Field>
        <Field id="award-start" field="startDate" label="Start">
          {(a) => <input {...a} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field id="award-end" field="endDate" label="End">
          {(a) => <input {...a} type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <button type="submit">Save the award</button>
      </form>
      <form className="editor" onSubmit={(e: FormEvent) => (e.preventDefault(), save({ milestones: [...milestones, { ...milestone, doneOn: null }] }, 'Milestone added.'))}>
        <h3>Milestones</h3>
        {award.milestones.map((m, i) => (
          <p key={m.id}>
            {m.title}, due {formatDate(m.dueOn)}
            {m.doneOn ? `, done ${formatDate(m.doneOn)}` : (
              <>
                {' '}
                <button type="button" className="link" onClick={() => save({ milestones: milestones.map((x, k) => (k === i ? { ...x, doneOn: new Date().toISOString().slice(0, 10) } : x)) }, 'Milestone done.')}>
                  Mark done <span className="visually-hidden">{m.title}</span>
                </button>
              </>
            )}
          </p>
        ))}
        <Field id="milestone-title" field="milestones" label="New milestone">
          {(a) => <input {...a} required value={milestone.title} onChange={(e) => setMilestone({ ...milestone, title: e.target.value })} />}
        </Field>
        <Field id="milestone-due" label="Due">
          {(a) => <input {...a} type="date" required value={milestone.dueOn} onChange={(e) => setMilestone({ ...milestone, dueOn: e.target.value })} />}
        </Field>
        <button type="submit">Add the milestone</button>
      </form>
    </details>
  );
}

function Report({ report, canWrite, canReview, onSaved }: { report: ReportView; canWrite: boolean; canReview: boolean; onSaved: () => void }) {
  const [answers, setAnswers] = useState<Record<string, unknown>>(report.answers);
  const [error, setError] = useState<unknown>(null);
  const editable = canWrite && (report.status === 'due' || report.status === 'returned');
  const save = async (submit: boolean) => {
    try {
      await put(`/programmes/reports/${report.id}`, { version: report.version, answers, submit });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details open={editable}>
      <summary>
        {report.kind === 'final' ? 'Final' : 'Interim'} report, due {formatDate(report.dueOn)}: {report.status}
        {report.overdue && ' (overdue)'}
      </summary>
      <Notice error={error} />
      {report.reviewNote && <p className="notice">Programme team: {report.reviewNote}</p>}
      {report.questions
        .filter((q) => q.type === 'text')
        .map((q) => (
          <Field key={q.id} id={`${report.id}-${q.id}`} field={`answers.${q.id}`} label={`${q.label}${q.required ? ' (required)' : ''}`} error={error}>
            {(a) => <textarea {...a} rows={4} value={typeof answers[q.id] === 'string' ? (answers[q.id] as string) : ''} disabled={!editable} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} />}
          </Field>
        ))}
      {editable && (
        <p>
          <button type="button" className="secondary" onClick={() => save(false)}>
            Save
          </button>{' '}
          <button type="button" onClick={() => save(true)}>
            Submit the report
          </button>
        </p>
      )}
      {canReview && report.status === 'submitted' && (
        <p>
          <button type="button" onClick={async () => (await post(`/programmes/reports/${report.id}/review`, { accept: true }), onSaved())}>
            Accept the report
          </button>{' '}
          <button type="button" className="secondary" onClick={async () => { const note = prompt('What should be revised?'); if (note) { await post(`/programmes/reports/${report.id}/review`, { accept: false, note }); onSaved(); } }}>
            Return it
          </button>
        </p>
      )}
    </details>
  );
}

function OutcomeForm({ awardId, onSaved }: { awardId: string; onSaved: () => void }) {
  const [type, setType] = useState('publication');
  const [title, setTitle] = useState('');
  const [year, setYear] = useState('');
  const [citation, setCitation] = useState('');
  const [partner, setPartner] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/programmes/awards/${awardId}/outcomes`, { type, title, description, ...(year && { year: Number(year) }), ...(type === 'publication' && citation && { citation }), ...(partner && { partner }) });
      setTitle('');
      setCitation('');
      setPartner('');
      setDescription('');
      setError(null);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="editor" onSubmit={submit} aria-labelledby="outcome-form-heading">
      <h3 id="outcome-form-heading">Record an outcome</h3>
      <Notice error={error} />
      <Field id="outcome-type" field="type" label="Type" error={error}>
        {(a) => (
          <select {...a} value={type} onChange={(e) => setType(e.target.value)}>
            {OUTCOME_TYPES.map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type === 'publication' && (
        <Field id="outcome-citation" field="citation" label="Citation as BibTeX or RIS" hint="Paste what the publisher or your reference manager exports; the title, authors, year, journal and DOI are read from it." error={error}>
          {(a) => <textarea {...a} rows={6} value={citation} onChange={(e) => setCitation(e.target.value)} />}
        </Field>
      )}
      <Field id="outcome-title" field="title" label={type === 'publication' ? 'Title (if no citation is given)' : 'Title'} error={error}>
        {(a) => <input {...a} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />}
      </Field>
      <Field id="outcome-year" field="year" label="Year" error={error}>
        {(a) => <input {...a} type="number" min={1900} max={2200} value={year} onChange={(e) => setYear(e.target.value)} />}
      </Field>
      {['collaboration', 'further_funding', 'spin_out'].includes(type) && (
        <Field id="outcome-partner" field="partner" label={type === 'further_funding' ? 'Funder' : 'Partner organisation'} error={error}>
          {(a) => <input {...a} value={partner} onChange={(e) => setPartner(e.target.value)} />}
        </Field>
      )}
      <Field id="outcome-description" field="description" label="Description" error={error}>
        {(a) => <textarea {...a} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <button type="submit">Record the outcome</button>
    </form>
  );
}

/** The portfolio: awards by mechanism, region and organisation type, spend against budget, outcomes, boundaries crossed. */
export function Portfolio() {
  const [p, setP] = useState<PortfolioView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<PortfolioView>('/programmes/portfolio').then(setP, setError);
  }, []);
  if (!p) return <Notice error={error} />;
  const bar = (title: string, rows: { label: string; amount: number }[]) => ({
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' as const },
    grid: { left: 200, right: 30, top: 40, bottom: 30 },
    xAxis: { type: 'value' as const, name: '£' },
    yAxis: { type: 'category' as const, data: rows.map((r) => r.label).reverse() },
    series: [{ type: 'bar' as const, data: rows.map((r) => r.amount).reverse() }],
  });
  const share = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const b = p.boundaries;
  return (
    <>
      <PageTitle>Programme portfolio</PageTitle>
      <ProgrammeNav />
      {p.notices.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      <p>
        Exports: <a href="/api/programmes/portfolio.csv">awards (CSV)</a> · <a href="/api/programmes/portfolio/gtr-projects.csv">GtR projects CSV</a> · <a href="/api/programmes/portfolio/gtr-outcomes.csv">GtR outcomes CSV</a>
      </p>
      <h2>Spend against budget</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Mechanism</th>
            <th scope="col">Envelope</th>
            <th scope="col">Call budgets</th>
            <th scope="col">Awarded</th>
            <th scope="col">Reported spend</th>
          </tr>
        </thead>
        <tbody>
          {p.spend.rows.map((r) => (
            <tr key={r.mechanism}>
              <th scope="row">{r.mechanism}</th>
              <td>{money(r.envelope)}</td>
              <td>{money(r.callBudgets)}</td>
              <td>{money(r.awarded)}</td>
              <td>{money(r.reported)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All</th>
            <td>{money(p.spend.envelope)}</td>
            <td>{money(p.spend.callBudgets)}</td>
            <td>{money(p.spend.awarded)}</td>
            <td>{money(p.spend.reported)}</td>
          </tr>
        </tfoot>
      </table>
      <Chart name="awards-by-mechanism" label="Amount awarded by mechanism" option={bar('Awarded by mechanism', p.byMechanism)} height={260} />
      <Chart name="awards-by-region" label="Amount awarded by the lead organisation's region" option={bar('Awarded by region (lead organisation, ITL1)', p.byRegion)} height={300} />
      <Chart name="awards-by-organisation-type" label="Amount awarded by the lead organisation's type" option={bar('Awarded by lead organisation type', p.byOrganisationType)} height={240} />
      <Chart name="awards-by-status" label="Amount awarded by the awards' status" option={bar('Awarded by status', p.byStatus)} height={200} />
      <Chart name="awards-by-discipline" label="Amount awarded by the disciplines on funded teams" option={bar('Awarded by discipline (every discipline on a funded team)', p.byDiscipline.slice(0, 15))} height={Math.max(200, 30 * Math.min(15, p.byDiscipline.length) + 70)} />
      {p.byPartnerType.length > 0 && <Chart name="awards-by-partner-type" label="Amount awarded to teams with partners of each type" option={bar('Awarded to teams with a partner of each type', p.byPartnerType)} height={240} />}
      <h2>By discipline and partner type</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Discipline or partner type</th>
            <th scope="col">Awards</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {[...p.byDiscipline, ...p.byPartnerType.map((t) => ({ ...t, label: `Partner: ${t.label}` }))].map((t) => (
            <tr key={`${t.key}-${t.label}`}>
              <th scope="row">{t.label}</th>
              <td>{t.awards}</td>
              <td>{money(t.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Boundaries crossed by funded teams</h2>
      <p>
        {b.teams} teams: {share(b.crossDisciplinaryShare)} span two or more disciplines, {share(b.crossRegionalShare)} two or more regions. E–I index of ties within teams: by discipline {b.eiDiscipline?.toFixed(2) ?? '—'}, by region{' '}
        {b.eiRegion?.toFixed(2) ?? '—'} (−1 all within, +1 all across). Mean Rao–Stirling diversity of teams' disciplines: {b.meanRaoStirling?.toFixed(3) ?? '—'}.
      </p>
      <h2>Outcomes</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">GtR type</th>
            <th scope="col">Number</th>
          </tr>
        </thead>
        <tbody>
          {p.outcomesByType.map((o) => (
            <tr key={o.type}>
              <th scope="row">{o.label}</th>
              <td>{o.gtr ?? '(not in GtR)'}</td>
              <td>{o.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Awards</h2>
      <p>
        {p.awards.length} awards, {money(p.awards.reduce((s, a) => s + a.amount, 0))} in all. <Link to="/awards">See them all</Link>.
      </p>
    </>
  );
}
