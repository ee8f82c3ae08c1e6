/**
 * Synthetic Web of Science records for tests and benchmarks of large co-authorship graphs: `authors` authors in
 * groups of 100, three authors a paper, nine papers in ten within a group, about five ties per author (so 20,000
 * authors give about 100,000 ties). Deterministic (a linear congruential generator), so runs compare.
 */
export function syntheticWos(authors: number): { text: string; papers: number } {
  let seed = 42;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const groups = Math.max(1, Math.floor(authors / 100));
  const name = (i: number) => `Author${String(i).padStart(6, '0')}, A`;
  const papers = Math.round((authors * 5) / 3);
  const lines = ['FN Clarivate Analytics Web of Science', 'VR 1.0'];
  for (let p = 0; p < papers; p++) {
    const g = Math.floor(random() * groups);
    const team = new Set<number>();
    while (team.size < 3) team.add(random() < 0.9 ? g * 100 + Math.floor(random() * 100) : Math.floor(random() * authors));
    const [first, ...rest] = [...team].map(name);
    lines.push('PT J', `AU ${first}`, ...rest.map((a) => `   ${a}`), `TI Paper ${p}`, 'SO SYNTHETIC JOURNAL', `PY ${2010 + (p % 12)}`, `UT WOS:${String(p).padStart(15, '0')}`, 'ER', '');
  }
  lines.push('EF');
  return { text: lines.join('\n'), papers };
}
