/**
 * The cross-disciplinary activity spectrum: how far the collaboration between two groups (two disciplines,
 * or the groups of any attribute) has progressed. Our own operationalisation of the five steps, each with
 * the evidence found in the records:
 * 1. sharing: members of both groups took part in the same reading, paper-sharing or workshop activity
 *    (activity types `stages.sharing`, default workshop and other);
 * 2. common themes: the groups' work shares keywords (at least `minSharedKeywords`, default 1, counted over
 *    each group's activities up to that time);
 * 3. joint symposia: members of both took part in the same symposium or event (`stages.symposia`);
 * 4. broadening: a member of one group later has an activity whose fields include the other group (a field
 *    that none of their earlier activities had);
 * 5. joint writing or research: members of both are on the same output or project (`stages.joint`, default
 *    publication, project and proposal).
 * The highest stage is the highest step with evidence; the steps need not be reached in order.
 */
import { yearOf, type ActivityType, type Records } from './records.js';

export const STAGES = ['sharing', 'common themes', 'joint symposia', 'broadening', 'joint writing or research'] as const;

export interface SpectrumOptions {
  /** Activity types that count as evidence for stages 1, 3 and 5. */
  stages?: { sharing?: ActivityType[]; symposia?: ActivityType[]; joint?: ActivityType[] };
  minSharedKeywords?: number;
  /** Group of each actor (several allowed); default: the actor's disciplines. */
  groupsOf?: (actorId: string) => string[];
  /** Evidence items kept per stage (default 5). */
  evidence?: number;
}

export interface StageEvidence {
  count: number;
  firstYear: number | null;
  /** Activity ids (stages 1, 3, 5), shared keywords (2), or "actor: activity" (4). */
  examples: string[];
}

export interface PairSpectrum {
  a: string;
  b: string;
  /** 1–5, 0 when nothing links the pair. */
  highest: number;
  stages: StageEvidence[];
  /** Highest stage reached by the end of each year with activity. */
  byYear: { year: number; highest: number }[];
}

export function spectrum(records: Records, options: SpectrumOptions = {}): PairSpectrum[] {
  const sharing = new Set(options.stages?.sharing ?? ['workshop', 'other']);
  const symposia = new Set(options.stages?.symposia ?? ['symposium', 'event']);
  const joint = new Set(options.stages?.joint ?? ['publication', 'project', 'proposal']);
  const minShared = options.minSharedKeywords ?? 1;
  const keep = options.evidence ?? 5;
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  const groupsOf = options.groupsOf ?? ((id: string) => (actors.get(id)?.disciplines ?? []).filter((d) => d.weight > 0).map((d) => d.code));
  const members = new Map<string, string[]>();
  for (const p of records.participations) {
    let m = members.get(p.activity);
    if (!m) members.set(p.activity, (m = []));
    m.push(p.actor);
  }
  const pairs = new Map<string, { a: string; b: string; events: { stage: number; year: number | null; example: string }[] }>();
  const pairOf = (x: string, y: string) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}\u0000${b}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { a, b, events: [] }));
    return p;
  };
  const ordered = [...records.activities].sort((x, y) => (yearOf(x) ?? Infinity) - (yearOf(y) ?? Infinity) || x.id.localeCompare(y.id));

  // stages 1, 3, 5: groups meeting in one activity
  for (const act of ordered) {
    const stage = joint.has(act.type) ? 5 : symposia.has(act.type) ? 3 : sharing.has(act.type) ? 1 : 0;
    if (!stage) continue;
    const groups = [...new Set((members.get(act.id) ?? []).flatMap(groupsOf))].sort();
    for (let i = 0; i < groups.length; i++) for (let j = i + 1; j < groups.length; j++) pairOf(groups[i], groups[j]).events.push({ stage, year: yearOf(act) ?? null, example: act.id });
  }

  // stage 2: keywords in common, as each group's vocabulary grows over time
  const vocabulary = new Map<string, Set<string>>();
  const announced = new Set<string>();
  for (const act of ordered) {
    const groups = [...new Set((members.get(act.id) ?? []).flatMap(groupsOf))];
    for (const g of groups) {
      let v = vocabulary.get(g);
      if (!v) vocabulary.set(g, (v = new Set()));
      for (const k of act.keywords) v.add(k.toLowerCase());
    }
    for (const g of groups) {
      const vg = vocabulary.get(g)!;
      for (const [h, vh] of vocabulary) {
        if (h === g) continue;
        const key = g < h ? `${g}\u0000${h}` : `${h}\u0000${g}`;
        if (announced.has(key)) continue;
        const shared = [...vg].filter((k) => vh.has(k));
        if (shared.length >= minShared) {
          announced.add(key);
          const p = pairOf(g, h);
          for (const k of shared) p.events.push({ stage: 2, year: yearOf(act) ?? null, example: k });
        }
      }
    }
  }

  // stage 4: broadening, an actor's later activity carrying a field of another group
  const history = new Map<string, { fields: Set<string>; started: boolean }>();
  for (const act of ordered) {
    for (const actor of members.get(act.id) ?? []) {
      let h = history.get(actor);
      if (!h) history.set(actor, (h = { fields: new Set(), started: false }));
      if (h.started) {
        for (const own of groupsOf(actor))
          for (const f of act.fields) if (f !== own && !h.fields.has(f)) pairOf(own, f).events.push({ stage: 4, year: yearOf(act) ?? null, example: `${actor}: ${act.id}` });
      }
      for (const f of act.fields) h.fields.add(f);
      h.started = true;
    }
  }

  return [...pairs.values()]
    .map(({ a, b, events }) => {
      const stages: StageEvidence[] = STAGES.map((_, s) => {
        const ev = events.filter((e) => e.stage === s + 1);
        const years = ev.map((e) => e.year).filter((y): y is number => y !== null);
        return { count: ev.length, firstYear: years.length ? Math.min(...years) : null, examples: [...new Set(ev.map((e) => e.example))].slice(0, keep) };
      });
      const highest = stages.reduce((h, s, i) => (s.count > 0 ? i + 1 : h), 0);
      const years = [...new Set(events.map((e) => e.year).filter((y): y is number => y !== null))].sort((x, y) => x - y);
      const byYear = years.map((year) => ({ year, highest: events.filter((e) => e.year !== null && e.year <= year).reduce((h, e) => Math.max(h, e.stage), 0) }));
      return { a, b, highest, stages, byYear };
    })
    .sort((x, y) => y.highest - x.highest || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

