import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * How guessable a new password is, by zxcvbn-ts (Dropbox's zxcvbn: dictionaries of common passwords, names and
 * words, keyboard patterns, dates, repeats, l33t), with the account's own email and name as words an attacker
 * would try first. ASVS L2 asks that new passwords be checked against common and breached ones; a score below 3
 * ("safely unguessable: moderate protection from an offline slow-hash attack") is refused. The dictionaries take
 * about 0.25 s to load, so they are loaded at the first check.
 */
export const MIN_SCORE = 3;

let factory: Promise<ZxcvbnFactory> | undefined;

function load(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        translations: en.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...en.dictionary },
      }),
  );
  return factory;
}

/** Why a password is too easy to guess (a sentence for the person choosing it), or null when it is strong enough. */
export async function weakPassword(password: string, personal: readonly string[]): Promise<string | null> {
  const words = personal.flatMap((p) => [p, ...p.split(/[@.\s]+/)]).filter((w) => w.length >= 3);
  const result = await (await load()).checkAsync(password, words);
  if (result.score >= MIN_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
  const text = why.map((s) => s.replace(/\.$/, '')).join('. ');
  return `is too easy to guess${text ? `: ${text.charAt(0).toLowerCase()}${text.slice(1)}` : ''}. A few uncommon words together make a strong password`;
}
