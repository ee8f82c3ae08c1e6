/**
 * How well a reviewer suits an application: the text similarity of the application (its title and answers) and the
 * reviewer's expertise and outputs (TF–IDF cosine, networks/tfidf.ts), combined with their cognitive proximity in the
 * networks engine (the cosine of their discipline profiles, networks/proximities.ts; Boschma 2005):
 *
 *   affinity = 0.6 · text + 0.4 · cognitive      (text alone when either side gives no discipline)
 *
 * Pure: documents and discipline codes in, scores and their reasons out.
 */
import { proximity, proximityContext } from '../../networks/proximities.js';
import type { Records } from '../../networks/records.js';
import { cosineSimilarity, sharedTerms, terms, tfidf } from '../../networks/tfidf.js';

export const TEXT_WEIGHT = 0.6;
export const COGNITIVE_WEIGHT = 0.4;

export interface AffinitySide {
  id: string;
  text: string;
  /** Discipline codes (a reviewer's, or an application team's, repeats weighting them). */
  disciplines: readonly string[];
}

export interface Affinity {
  /** scores[a * reviewers + r] */
  scores: Float64Array;
  text: Float64Array;
  cognitive: Float64Array;
  /** The words a pair shares, most telling first. */
  words(a: number, r: number): string[];
  /** The disciplines a pair shares. */
  sharedDisciplines(a: number, r: number): string[];
}

export function affinity(applications: readonly AffinitySide[], reviewers: readonly AffinitySide[]): Affinity {
  const A = applications.length;
  const R = reviewers.length;
  const { vectors, vocabulary } = tfidf([...applications, ...reviewers].map((d) => terms(d.text)));
  // the discipline profiles as actors of the networks engine, so cognitive proximity is its measure
  const records: Records = {
    actors: [...applications.map((a) => ({ ...a, id: `a:${a.id}` })), ...reviewers.map((r) => ({ ...r, id: `r:${r.id}` }))].map((x) => {
      const counts = new Map<string, number>();
      for (const d of x.disciplines) counts.set(d, (counts.get(d) ?? 0) + 1);
      return { id: x.id, kind: 'person' as const, name: x.id, disciplines: [...counts].map(([code, weight]) => ({ code, weight })) };
    }),
    activities: [],
    participations: [],
  };
  const ctx = proximityContext(records);
  const scores = new Float64Array(A * R);
  const text = new Float64Array(A * R);
  const cognitive = new Float64Array(A * R);
  for (let a = 0; a < A; a++) {
    for (let r = 0; r < R; r++) {
      const t = cosineSimilarity(vectors[a], vectors[A + r]);
      const both = applications[a].disciplines.length > 0 && reviewers[r].disciplines.length > 0;
      const c = both ? proximity(ctx, `a:${applications[a].id}`, `r:${reviewers[r].id}`).disciplineCosine : 0;
      text[a * R + r] = t;
      cognitive[a * R + r] = c;
      scores[a * R + r] = both ? TEXT_WEIGHT * t + COGNITIVE_WEIGHT * c : t;
    }
  }
  return {
    scores,
    text,
    cognitive,
    words: (a, r) => sharedTerms(vectors[a], vectors[A + r], vocabulary),
    sharedDisciplines: (a, r) => [...new Set(applications[a].disciplines)].filter((d) => reviewers[r].disciplines.includes(d)),
  };
}
