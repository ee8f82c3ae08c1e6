/** Letters that Unicode does not decompose into a base letter and a mark. */
const LETTERS: Record<string, string> = { ı: 'i', İ: 'I', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE' };

/** Text without accents, for comparing names ("Glänzel" → "Glanzel", "Łódź" → "Lodz", "Ørsted" → "Orsted"). */
export function foldAccents(text: string): string {
  if (!/[^\u0000-\u007f]/.test(text)) return text; // plain ASCII: nothing to fold
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[ıİøØłŁđĐßæÆœŒ]/g, (c) => LETTERS[c]);
}
