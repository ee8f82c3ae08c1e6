import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { answerText, type SurveyQuestion } from '../platform/questionnaire.js';
import { labelOf, taxonomies } from '../taxonomy/taxonomy.js';
import type { EventReport } from './contract.js';
import { eventQuery, feedbackQuestions, managedEvent, type EventRow } from './events.js';

/**
 * The numbers of one event (its organisers) or of all events in a period (programme managers): registrations by
 * status, attendance (checked in over confirmed, for events that have ended), the sector (SIC section) and region
 * (ITL1) mix of those confirmed, and the feedback survey's answers.
 */
export async function eventReport(hub: Hub, viewer: Viewer, o: { event?: string; from?: Date; to?: Date }): Promise<EventReport> {
  let events: EventRow[];
  if (o.event) events = [await managedEvent(hub.db, viewer, o.event)];
  else {
    authorise(viewer, 'events.manage_any');
    let q = eventQuery(hub.db).where('e.state', '<>', 'draft');
    if (o.from) q = q.where('e.starts_at', '>=', o.from);
    if (o.to) q = q.where('e.starts_at', '<', o.to);
    events = await q.execute();
  }
  const all = await taxonomies(hub);
  const ids = events.map((e) => e.id);
  const regs = ids.length ? await hub.db.selectFrom('registrations').select(['event_id', 'status', 'sector', 'region', 'checked_in_at', 'feedback']).where('event_id', 'in', ids).execute() : [];
  const now = hub.now();
  const ended = new Set(events.filter((e) => e.ends_at <= now && e.state === 'published').map((e) => e.id));
  const count = (s: string) => regs.filter((r) => r.status === s).length;
  const confirmedEnded = regs.filter((r) => r.status === 'confirmed' && ended.has(r.event_id));
  const attended = regs.filter((r) => r.checked_in_at !== null).length;
  const mix = (key: (r: (typeof regs)[number]) => string | null, label: (c: string) => string) => {
    const m = new Map<string, number>();
    for (const r of regs) if (r.status === 'confirmed') m.set(key(r) ?? '', (m.get(key(r) ?? '') ?? 0) + 1);
    return [...m].map(([code, n]) => ({ code: code || 'unknown', label: code ? label(code) : 'Not given', count: n })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  };
  const typeMix = new Map<string, { label: string; count: number }>();
  for (const e of events) typeMix.set(e.type, { label: e.type_name, count: (typeMix.get(e.type)?.count ?? 0) + 1 });
  // feedback: the questions of the one event, or the default survey's across events
  const questions: SurveyQuestion[] = feedbackQuestions(events.length === 1 ? events[0] : { feedback_questions: [] });
  const answered = regs.filter((r) => r.feedback);
  const feedback = questions.map((q) => {
    const values = answered.map((r) => (r.feedback as Record<string, unknown>)[q.id]).filter((v) => v !== undefined && v !== null && v !== '');
    const dist = new Map<string, number>();
    if (q.type !== 'text') for (const v of values) for (const x of Array.isArray(v) ? v : [v]) dist.set(answerText(q, x), (dist.get(answerText(q, x)) ?? 0) + 1);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return { question: q.id, label: q.label, type: q.type, responses: values.length, mean: numbers.length && (q.type === 'scale' || q.type === 'number') ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null, distribution: [...dist].map(([value, c]) => ({ value, count: c })).sort((a, b) => (q.type === 'scale' ? Number(a.value) - Number(b.value) : b.count - a.count)) };
  });
  const notices: string[] = [];
  if (events.length === 0) notices.push('No event in this period.');
  if (confirmedEnded.length === 0) notices.push('No event with confirmed registrations has ended yet, so there is no attendance rate.');
  else if (regs.filter((r) => ended.has(r.event_id) && r.checked_in_at).length === 0) notices.push('No one was checked in at the events that have ended: the attendance rate of 0 means check-in was not used, not that no one came.');
  const unknownSector = regs.filter((r) => r.status === 'confirmed' && !r.sector).length;
  const confirmed = count('confirmed');
  if (confirmed > 0 && unknownSector / confirmed > 0.5) notices.push(`${unknownSector} of ${confirmed} confirmed registrants gave no sector: the sector mix describes the others only.`);
  return {
    events: events.length,
    registrations: { confirmed, waitlisted: count('waitlisted'), pending: count('pending'), cancelled: count('cancelled'), declined: count('declined'), invited: count('invited') },
    attended,
    attendanceRate: confirmedEnded.length ? confirmedEnded.filter((r) => r.checked_in_at).length / confirmedEnded.length : null,
    bySector: mix((r) => r.sector, (c) => `${c}: ${labelOf(all, 'sector', c)}`),
    byRegion: mix((r) => (r.region ? r.region.slice(0, 3) : null), (c) => labelOf(all, 'region', c)),
    byType: [...typeMix].map(([code, v]) => ({ code, label: v.label, count: v.count })).sort((a, b) => b.count - a.count),
    feedback,
    notices,
  };
}
