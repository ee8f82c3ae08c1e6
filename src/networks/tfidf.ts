/**
 * Text similarity by TF–IDF cosine (Salton & Buckley 1988): each document a vector of term weights
 * tf(t, d) · (ln((1 + N) / (1 + df(t))) + 1) (raw counts; the smoothed inverse document frequency of scikit-learn's
 * TfidfVectorizer, so a word every document has still counts, as it must among few documents), compared by the cosine
 * of their angle.
 * Terms are words of three letters or more, folded to lower case without accents, without English stop words, lightly
 * stemmed (plural and -ing / -ed endings), so "manufacturers" and "manufacturer", "learning" and "learn" meet.
 */
import { foldAccents } from '../text.js';

const STOP = new Set(
  'about above after again against all also among and any are because been before being below between both but can could did does doing down during each few for from further had has have having her here hers herself him himself his how into its itself just more most nor not now off once only other our ours ourselves out over own same she should some such than that the their theirs them themselves then there these they this those through too under until very was were what when where which while who whom why will with would you your yours yourself yourselves use used using within without will how new work'.split(
    ' ',
  ),
);

/** Light stemming: plural and -ing / -ed endings (not a full Porter stemmer: enough for matching words in context). */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

/** A text's terms, in order, repeats kept. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of foldAccents(text.toLowerCase()).matchAll(/[a-z][a-z0-9]{2,}/g)) if (!STOP.has(m[0])) out.push(stem(m[0]));
  return out;
}

/** A document's weights: term index → weight, with the vector's length. */
export interface TermVector {
  terms: Int32Array;
  weights: Float64Array;
  norm: number;
}

/** The TF–IDF vectors of documents (each a list of terms) over their own collection, with the vocabulary. */
export function tfidf(docs: readonly (readonly string[])[]): { vectors: TermVector[]; vocabulary: string[] } {
  const index = new Map<string, number>();
  const df: number[] = [];
  const counts = docs.map((doc) => {
    const c = new Map<number, number>();
    for (const t of doc) {
      let i = index.get(t);
      if (i === undefined) index.set(t, (i = index.size)), df.push(0);
      c.set(i, (c.get(i) ?? 0) + 1);
    }
    for (const i of c.keys()) df[i]++;
    return c;
  });
  const n = docs.length;
  const vectors = counts.map((c) => {
    const entries = [...c.entries()].sort((a, b) => a[0] - b[0]);
    const terms = new Int32Array(entries.map((e) => e[0]));
    const weights = new Float64Array(entries.map(([i, tf]) => tf * (Math.log((1 + n) / (1 + df[i])) + 1)));
    let norm = 0;
    for (const w of weights) norm += w * w;
    return { terms, weights, norm: Math.sqrt(norm) };
  });
  return { vectors, vocabulary: [...index.keys()] };
}

/** The cosine of two vectors (0 when either is empty). */
export function cosineSimilarity(a: TermVector, b: TermVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  let dot = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    if (a.terms[i] === b.terms[j]) dot += a.weights[i++] * b.weights[j++];
    else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return dot / (a.norm * b.norm);
}

/** The terms two vectors share, by the product of their weights, largest first. */
export function sharedTerms(a: TermVector, b: TermVector, vocabulary: readonly string[], limit = 5): string[] {
  const out: [string, number][] = [];
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    if (a.terms[i] === b.terms[j]) {
      const w = a.weights[i] * b.weights[j];
      if (w > 0) out.push([vocabulary[a.terms[i]], w]);
      i++;
      j++;
    } else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return out
    .sort((x, y) => y[1] - x[1])
    .slice(0, limit)
    .map((x) => x[0]);
}
