/**
 * Candidate terms of a text, as VOSviewer finds them (van Eck & Waltman 2011, "Text mining and visualization using
 * VOSviewer"): noun phrases, the longest runs of nouns and adjectives that end in a noun ("science mapping analysis";
 * never "mapping wet"), in lower case with the last word in the singular ("bibliometric maps" → "bibliometric map").
 * Tokens and parts of speech come from wink-nlp's English model (a tagger trained on the Universal Dependencies
 * corpora); numbers, one-letter tokens, URLs and e-mails break a run. A plural is made singular only when it ends in
 * "s" ("analyses" → "analysis", but "data" stays "data", not "datum"). As VOSviewer's "ignore structured abstract labels
 * and copyright statements", labels ("Purpose:", "Design/methodology/approach:", "BACKGROUND:") and sentences with a
 * copyright notice ("(C) 2016 Elsevier Ltd. All rights reserved.") are left out. Loading the model takes about 0.2 s,
 * so only the term map imports this module.
 */
import winkNLP, { type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;

const IN_PHRASE = new Set(['NOUN', 'PROPN', 'ADJ']);
const ENDS_PHRASE = new Set(['NOUN', 'PROPN']);

/** A structured abstract's label: up to four words at the start of the text or of a sentence, then a colon. */
const LABEL = /(^|[.?!]\s+)[A-Z][\w/&-]*(?:\s+[\w/&-]+){0,3}\s*:\s+/g;
const COPYRIGHT = /©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|published by elsevier/i;

/** The noun phrases of one text, in order, repeats kept. */
export function nounPhrases(text: string): string[] {
  if (!text.trim()) return [];
  const doc = nlp.readDoc(text.replace(LABEL, '$1'));
  const out: string[] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    if (COPYRIGHT.test(sentence.out())) return;
    const tokens = sentence.tokens();
    const pos = tokens.out(its.pos) as string[];
    const type = tokens.out(its.type) as string[];
    const normal = tokens.out(its.normal) as string[];
    const lemma = tokens.out(its.lemma as unknown as typeof its.normal) as string[]; // the typings miss lemma's signature
    let start = -1;
    const close = (end: number) => {
      // trim trailing adjectives: the phrase ends in a noun
      let last = end - 1;
      while (last >= start && !ENDS_PHRASE.has(pos[last])) last--;
      if (last >= start) {
        const words = normal.slice(start, last);
        words.push(pos[last] === 'NOUN' && /[^s]s$/.test(normal[last]) ? lemma[last] : normal[last]);
        out.push(words.join(' '));
      }
      start = -1;
    };
    for (let i = 0; i < pos.length; i++) {
      const word = type[i] === 'word' && normal[i].length > 1 && IN_PHRASE.has(pos[i]);
      if (word && start < 0) start = i;
      else if (!word && start >= 0) close(i);
    }
    if (start >= 0) close(pos.length);
  });
  return out;
}
