import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { del, get, post, put, type AssignmentProposal, type AssignmentView, type CallOverview, type ConflictView, type PanelView, type ReviewerView, type SandpitView } from '../api';
import { LondonText, money, ProgrammeNav, StatusBadge } from '../programmes';
import { Notice, PageTitle } from '../ui';

/**
 * A call as its programme managers run it: the applications and their screening, conflicts of interest, the
 * reviewer assignment (proposed, then applied), the panel with its funding line and what-if order, decisions and
 * letters; for a sandpit, the suggested group.
 */
export function ManageCall() {
  const { slug } = useParams();
  const [overview, setOverview] = useState<CallOverview | null>(null);
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null);
  const [proposal, setProposal] = useState<AssignmentProposal | null>(null);
  const [assignments, setAssignments] = useState<AssignmentView[]>([]);
  const [panel, setPanel] = useState<PanelView | null>(null);
  const [order, setOrder] = useState<string[] | null>(null);
  const [pool, setPool] = useState<ReviewerView[]>([]);
  const [letters, setLetters] = useState<{ outcome: string; subject: string; body: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const o = await get<CallOverview>(`/programmes/calls/${slug}/applications`);
      setOverview(o);
      const [c, a, p] = await Promise.all([get<ConflictView[]>(`/programmes/calls/${o.call.id}/conflicts`), get<AssignmentView[]>(`/programmes/calls/${o.call.id}/assignments`), get<PanelView>(`/programmes/calls/${o.call.id}/panel`)]);
      setConflicts(c);
      setAssignments(a);
      setPanel(p);
      setPool(await get<ReviewerView[]>('/programmes/reviewers'));
      setLetters(await get<{ outcome: string; subject: string; body: string }[]>(`/programmes/calls/${o.call.id}/letters`));
    } catch (err) {
      setError(err);
    }
  }, [slug]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (!overview || order === null) return;
    get<PanelView>(`/programmes/calls/${overview.call.id}/panel?order=${order.join(',')}`).then(setPanel, setError);
  }, [order, overview]);
  const run = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(what);
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  if (!overview) return <Notice error={error} />;
  const callId = overview.call.id;
  const move = (i: number, by: number) => {
    const ids = (panel?.rows ?? []).map((r) => r.applicationId);
    const j = i + by;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    setOrder(ids);
  };
  const decide = (id: string, decision: 'fund' | 'reject' | 'reserve') => {
    const reason = prompt(`Reason for the decision (${decision}):`) ?? '';
    return run(`Decision recorded: ${decision}.`, () => post(`/programmes/applications/${id}/decision`, { decision, reason }));
  };
  const c = overview.counts;
  return (
    <>
      <PageTitle>{`Manage: ${overview.call.title}`}</PageTitle>
      <ProgrammeNav />
      <p>
        <StatusBadge status={overview.call.status} /> {overview.call.mechanism.label} · closes <LondonText t={overview.call.closesAt} /> · budget {money(overview.call.totalBudget)} ·{' '}
        <Link to={`/calls/${overview.call.slug}`}>Public page</Link> · <a href={`/api/programmes/calls/${callId}/applications.csv`}>Applications (CSV)</a> · Forms:{' '}
        {(overview.call.stages === 'eoi_full' ? ['eoi', 'full', 'report'] : ['full', 'report']).map((st) => (
          <span key={st}>
            <Link to={`/programme/calls/${overview.call.slug}/forms/${st}`}>{st === 'eoi' ? 'expression of interest' : st === 'full' ? 'application' : 'report'}</Link>{' '}
          </span>
        ))}
      </p>
      <Notice error={error} message={message} />
      <p>
        {c.submitted} submitted ({c.unscreened} to screen, {c.eligible} eligible, {c.ineligible} ineligible), {c.drafts} drafts, {c.withdrawn} withdrawn; reviews {c.reviewsDone} in, {c.reviewsDue} due;{' '}
        {c.funded} funded.
      </p>

      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">Applications</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Title</th>
              <th scope="col">Lead</th>
              <th scope="col">Stage</th>
              <th scope="col">Screening</th>
            </tr>
          </thead>
          <tbody>
            {overview.applications.map((a) => (
              <tr key={a.id}>
                <td>{a.reference}</td>
                <td>
                  <Link to={`/applications/${a.id}`}>{a.title}</Link> {a.status === 'withdrawn' && '(withdrawn)'}
                </td>
                <td>{a.lead}</td>
                <td>{a.stage === 'eoi' ? 'Expression of interest' : 'Full'}</td>
                <td>
                  {a.status === 'draft' && (
                    <button type="button" className="link" onClick={() => { const until = prompt('Until when (London time, YYYY-MM-DDTHH:mm)?'); const reason = until && prompt('Why?'); if (until && reason) run(`More time given to ${a.title || 'the draft'}.`, () => post(`/programmes/applications/${a.id}/extension`, { until, reason })); }}>
                      Give more time <span className="visually-hidden">to {a.title}</span>
                    </button>
                  )}
                  {a.status === 'submitted' && a.stage === 'full' && a.screening === 'eligible' && pool.length > 0 && (
                    <select aria-label={`Assign a reviewer to ${a.reference}`} value="" onChange={(e) => e.target.value && run('Reviewer invited.', () => post('/programmes/assignments', { applicationId: a.id, reviewerId: e.target.value }))}>
                      <option value="">Assign a reviewer by hand…</option>
                      {pool.filter((r) => r.active).map((r) => (
                        <option key={r.userId} value={r.userId}>
                          {r.name} ({r.load} open)
                        </option>
                      ))}
                    </select>
                  )}
                  {a.status !== 'submitted' ? null : a.screening ?? (
                    <>
                      <button type="button" onClick={() => run(`${a.reference} screened eligible.`, () => post(`/programmes/applications/${a.id}/screening`, { decision: 'eligible' }))}>
                        Eligible <span className="visually-hidden">{a.reference}</span>
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => { const reason = prompt('Which rule does it not meet?'); if (reason) run(`${a.reference} screened ineligible.`, () => post(`/programmes/applications/${a.id}/screening`, { decision: 'ineligible', reason })); }}>
                        Ineligible <span className="visually-hidden">{a.reference}</span>
                      </button>
                    </>
                  )}
                  {a.stage === 'eoi' && a.status === 'submitted' && overview.call.mechanism.code !== 'sandpit' && (
                    <>
                      {' '}
                      <button type="button" onClick={() => run(`${a.reference} invited to a full application.`, () => post(`/programmes/applications/${a.id}/eoi-outcome`, { outcome: 'invite' }))}>
                        Invite a full application <span className="visually-hidden">from {a.reference}</span>
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {overview.call.mechanism.code === 'sandpit' && <Sandpit callId={callId} onDone={load} />}

      <section aria-labelledby="conflicts-heading">
        <h2 id="conflicts-heading">Conflicts of interest</h2>
        <button type="button" onClick={() => run('Conflicts detected afresh.', () => post(`/programmes/calls/${callId}/conflicts/detect`))}>
          Detect conflicts
        </button>
        {conflicts && conflicts.length === 0 && <p>No conflicts recorded.</p>}
        {conflicts && conflicts.length > 0 && (
          <ul>
            {conflicts.map((x) => (
              <li key={`${x.applicationId}-${x.reviewerId}-${x.source}`}>
                <strong>{x.reviewer}</strong> ({x.sourceLabel}): {x.reason}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="assign-heading">
        <h2 id="assign-heading">Reviewer assignment</h2>
        <p>
          <button type="button" onClick={() => run('Assignment proposed (nothing written yet).', async () => setProposal(await post<AssignmentProposal>(`/programmes/calls/${callId}/assignment`, {})))}>
            Propose an assignment
          </button>{' '}
          {proposal && !proposal.applied && (
            <button type="button" onClick={() => run('Reviewers invited.', async () => setProposal(await post<AssignmentProposal>(`/programmes/calls/${callId}/assignment`, { apply: true })))}>
              Invite these reviewers
            </button>
          )}
        </p>
        {proposal && (
          <>
            <p>
              {proposal.pairs.length} pairs for {proposal.applications} applications and {proposal.reviewers} reviewers ({proposal.reviewersPerApplication} each, at most {proposal.maxLoad} per reviewer); {proposal.conflictsExcluded} conflicted
              pairs excluded.
            </p>
            {proposal.notices.map((n) => (
              <p key={n} className="notice">
                {n}
              </p>
            ))}
            <table>
              <thead>
                <tr>
                  <th scope="col">Application</th>
                  <th scope="col">Reviewer</th>
                  <th scope="col">Score</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {proposal.pairs.map((p) => (
                  <tr key={`${p.applicationId}-${p.reviewerId}`}>
                    <td>{p.application}</td>
                    <td>
                      {p.reviewer} {p.kept && '(kept)'}
                    </td>
                    <td>{p.score.toFixed(2)}</td>
                    <td>{p.reasons.map((r) => r.text).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {assignments.length > 0 && (
          <details>
            <summary>Current assignments ({assignments.filter((a) => a.status !== 'revoked' && a.status !== 'declined').length})</summary>
            <ul>
              {assignments.map((a) => (
                <li key={a.id}>
                  {a.reference} — {a.reviewer}: {a.status}
                  {a.declineReason && ` (${a.declineReason})`}{' '}
                  {(a.status === 'invited' || a.status === 'accepted') && (
                    <button type="button" className="link" onClick={() => run(`${a.reviewer} taken off ${a.reference}; the place is refilled.`, () => del(`/programmes/assignments/${a.id}?refill=true`))}>
                      Remove <span className="visually-hidden">{a.reviewer} from {a.reference}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      {panel && (
        <section aria-labelledby="panel-heading">
          <h2 id="panel-heading">Panel</h2>
          <p>
            Ranked by mean score{panel.whatIf ? ' — reordered by hand (what-if; nothing saved)' : ''}. Above the line: {money(panel.withinBudget)} of {money(panel.call.totalBudget)}; {money(panel.remaining)} left.{' '}
            {panel.whatIf && (
              <button type="button" className="link" onClick={() => (setOrder(null), load())}>
                Back to the ranking
              </button>
            )}
          </p>
          {panel.notices.map((n) => (
            <p key={n} className="notice">
              {n}
            </p>
          ))}
          <table className="panel">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Application</th>
                <th scope="col">Mean</th>
                <th scope="col">Spread</th>
                {panel.criteria.map((c) => (
                  <th key={c.code} scope="col">
                    {c.label}
                  </th>
                ))}
                <th scope="col">Asks</th>
                <th scope="col">Cumulative</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {panel.rows.map((r, i) => (
                <tr key={r.applicationId} className={[r.aboveLine ? 'above' : 'below', i > 0 && panel.rows[i - 1].aboveLine && !r.aboveLine ? 'funding-line' : ''].join(' ')}>
                  <td>
                    {r.rank}{' '}
                    <button type="button" className="link" onClick={() => move(i, -1)} aria-label={`Move ${r.reference} up`}>
                      ↑
                    </button>
                    <button type="button" className="link" onClick={() => move(i, 1)} aria-label={`Move ${r.reference} down`}>
                      ↓
                    </button>
                  </td>
                  <td>
                    <Link to={`/applications/${r.applicationId}`}>{r.reference}</Link> {r.title}
                    {r.disagreement.length > 0 && (
                      <span className="badge" title={r.disagreement.join('; ')}>
                        Disagreement
                      </span>
                    )}
                    {r.notes.map((n) => (
                      <small key={n.at} className="hint">
                        {n.author}: {n.note}
                      </small>
                    ))}
                  </td>
                  <td>{r.mean ?? '—'}</td>
                  <td>{r.spread ?? '—'}</td>
                  {r.criteria.map((c) => (
                    <td key={c.code}>{c.mean ?? '—'}</td>
                  ))}
                  <td>{money(r.requested)}</td>
                  <td>{money(r.cumulative)}</td>
                  <td>
                    {r.decision ? (
                      `${r.decision}${r.letterSent ? ' (letter sent)' : ''}`
                    ) : (
                      <>
                        <button type="button" onClick={() => decide(r.applicationId, 'fund')}>
                          Fund <span className="visually-hidden">{r.reference}</span>
                        </button>{' '}
                        <button type="button" className="secondary" onClick={() => decide(r.applicationId, 'reserve')}>
                          Reserve <span className="visually-hidden">{r.reference}</span>
                        </button>{' '}
                        <button type="button" className="secondary" onClick={() => decide(r.applicationId, 'reject')}>
                          Reject <span className="visually-hidden">{r.reference}</span>
                        </button>
                      </>
                    )}{' '}
                    <button type="button" className="link" onClick={() => { const note = prompt('Moderation note:'); if (note) run('Note added.', () => post(`/programmes/applications/${r.applicationId}/notes`, { note })); }}>
                      Note <span className="visually-hidden">on {r.reference}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" onClick={() => run('Decision letters sent.', () => post(`/programmes/calls/${callId}/decisions/release`))}>
              Send the decision letters
            </button>
          </p>
        </section>
      )}

      <section aria-labelledby="letters-heading">
        <h2 id="letters-heading">Letters</h2>
        <p>
          Placeholders: {'{{name}} {{call}} {{title}} {{reference}} {{reason}} {{feedback}} {{amount}} {{link}}'}. The feedback is the reviewers' comments for the applicant.
        </p>
        {letters.map((l) => (
          <LetterEditor key={l.outcome} callId={callId} letter={l} onSaved={(m) => setMessage(m)} onError={setError} />
        ))}
      </section>
    </>
  );
}

const OUTCOME_NAMES: Record<string, string> = { fund: 'Funded', reject: 'Not funded', reserve: 'Reserve list', invite: 'Invited to a full application', not_invited: 'Not invited' };

function LetterEditor({ callId, letter, onSaved, onError }: { callId: string; letter: { outcome: string; subject: string; body: string }; onSaved: (m: string) => void; onError: (e: unknown) => void }) {
  const [subject, setSubject] = useState(letter.subject);
  const [body, setBody] = useState(letter.body);
  return (
    <details>
      <summary>{OUTCOME_NAMES[letter.outcome] ?? letter.outcome}</summary>
      <label htmlFor={`letter-${letter.outcome}-subject`}>Subject</label>
      <input id={`letter-${letter.outcome}-subject`} value={subject} onChange={(e) => setSubject(e.target.value)} />
      <label htmlFor={`letter-${letter.outcome}-body`}>Letter</label>
      <textarea id={`letter-${letter.outcome}-body`} rows={10} value={body} onChange={(e) => setBody(e.target.value)} />
      <button type="button" onClick={async () => { try { await put(`/programmes/calls/${callId}/letters/${letter.outcome}`, { subject, body }); onSaved('Letter saved.'); } catch (err) { onError(err); } }}>
        Save the letter <span className="visually-hidden">{OUTCOME_NAMES[letter.outcome]}</span>
      </button>
    </details>
  );
}

function Sandpit({ callId, onDone }: { callId: string; onDone: () => void }) {
  const [size, setSize] = useState(8);
  const [s, setS] = useState<SandpitView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const suggest = async () => {
    try {
      setS(await get<SandpitView>(`/programmes/calls/${callId}/sandpit?size=${size}`));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="sandpit-heading">
      <h2 id="sandpit-heading">Sandpit participants</h2>
      <Notice error={error} />
      <label htmlFor="sandpit-size">Places</label> <input id="sandpit-size" type="number" min={2} max={200} value={size} onChange={(e) => setSize(Number(e.target.value))} />{' '}
      <button type="button" onClick={suggest}>
        Suggest a diverse group
      </button>
      {s && (
        <>
          <p>
            Rao–Stirling diversity of the group: disciplines {s.diversity.disciplines.toFixed(3)}, regions {s.diversity.regions.toFixed(3)} (the whole pool: {s.diversity.poolDisciplines.toFixed(3)},{' '}
            {s.diversity.poolRegions.toFixed(3)}).
          </p>
          <ul>
            {s.participants.map((p) => (
              <li key={p.applicationId}>
                {p.suggested ? '✓ ' : ''}
                {p.name}: {p.disciplineLabels.join(', ') || 'no discipline given'}; {p.regionLabel ?? 'region not known'}
              </li>
            ))}
          </ul>
          <p>Balance: {s.balance.disciplines.map((d) => `${d.label} ${d.group}/${d.pool}`).join(', ')}</p>
          <button type="button" onClick={async () => { try { await post(`/programmes/calls/${callId}/sandpit/selection`, { applicationIds: s.participants.filter((p) => p.suggested).map((p) => p.applicationId) }); onDone(); } catch (err) { setError(err); } }}>
            Invite the suggested group
          </button>
          <TeamForm callId={callId} participants={s.participants} onError={setError} />
        </>
      )}
    </section>
  );
}

/** A team formed at the sandpit from invited participants; whichever member starts the proposal leads it. */
function TeamForm({ callId, participants, onError }: { callId: string; participants: SandpitView['participants']; onError: (e: unknown) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    try {
      const t = await post<{ name: string; members: number }>(`/programmes/calls/${callId}/sandpit/teams`, { name, applicationIds: chosen });
      setDone(`${t.name} formed with ${t.members} members: one of them starts the proposal from the call's page.`);
      setChosen([]);
      setName('');
    } catch (err) {
      onError(err);
    }
  };
  return (
    <fieldset>
      <legend>Form a team of invited participants (one of them starts its proposal, naming them all)</legend>
      {done && <p role="status">{done}</p>}
      {participants.map((p) => (
        <div className="check" key={p.applicationId}>
          <input id={`team-${p.applicationId}`} type="checkbox" checked={chosen.includes(p.applicationId)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p.applicationId] : chosen.filter((x) => x !== p.applicationId))} />
          <label htmlFor={`team-${p.applicationId}`}>{p.name}</label>
        </div>
      ))}
      <label htmlFor="team-name">Team name</label> <input id="team-name" value={name} onChange={(e) => setName(e.target.value)} />{' '}
      <button type="button" onClick={submit} disabled={!name || chosen.length < 2}>
        Form the team
      </button>
    </fieldset>
  );
}
