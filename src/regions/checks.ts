/**
 * Checks of an activity classification that make results meaningless or merely indicative. Each returns the
 * findings; the caller decides whether to refuse or to warn.
 */

/** Codes that stand for all activities: a total row mixed in with its parts. */
const TOTAL = /^(0+|total|all|all industries|all sectors|tot|-)$/i;

export interface NestedCodes {
  /** Total rows ("00", "Total"…). */
  totals: string[];
  /** Codes that are a prefix of other codes (a parent listed beside its children), with one child each. */
  parents: Array<{ code: string; child: string }>;
  /** Distinct code lengths (digits), e.g. [2, 3, 4, 5, 6] for a raw CBP file. */
  lengths: number[];
}

/**
 * Nested codes in one activity column: a classification listed at several levels at once (NAICS 33 beside 3361)
 * counts every job once per level, so RCA, ubiquity and relatedness mix parents with their children.
 */
export function nestedCodes(activities: readonly string[]): NestedCodes {
  const totals = activities.filter((a) => TOTAL.test(a.trim()));
  const codes = activities.filter((a) => !TOTAL.test(a.trim())).sort();
  const parents: NestedCodes['parents'] = [];
  // sorted, a code's descendants follow it directly
  for (let i = 0; i + 1 < codes.length; i++) {
    const next = codes[i + 1];
    if (next.length > codes[i].length && next.startsWith(codes[i])) parents.push({ code: codes[i], child: next });
  }
  const lengths = [...new Set(codes.map((c) => c.replace(/\D/g, '').length))].sort((a, b) => a - b);
  return { totals, parents, lengths };
}

/** Fewer activities than this and complexity, relatedness and opportunities describe broad sectors only. */
export const COARSE_ACTIVITIES = 100;

/** How many finest-level industries a code lumps together, and their names where known. */
export interface Lump {
  industries: number;
  names?: string[];
}

/**
 * A coarse classification: fewer than COARSE_ACTIVITIES activities. Names the codes that lump the most
 * industries (given a lookup), those of `focus` first (a target the user asked about).
 */
export function coarseClassification(activities: readonly string[], lumps?: ReadonlyMap<string, Lump>, focus: readonly string[] = []): string | undefined {
  if (activities.length >= COARSE_ACTIVITIES) return undefined;
  let text = `only ${activities.length} activities: complexity, relatedness and opportunities at this level describe broad sectors and are indicative only`;
  if (lumps) {
    const known = activities.filter((a) => (lumps.get(a)?.industries ?? 0) > 1);
    const focused = focus.filter((a) => (lumps.get(a)?.industries ?? 0) > 1);
    const widest = known.sort((a, b) => lumps.get(b)!.industries - lumps.get(a)!.industries || a.localeCompare(b)).slice(0, 5);
    const describe = (a: string) => {
      const l = lumps.get(a)!;
      const names = l.names?.length ? `: ${l.names.slice(0, 8).join('; ')}${l.names.length > 8 ? '; …' : ''}` : '';
      return `${a} lumps ${l.industries} industries${names}`;
    };
    if (focused.length) text += `; ${focused.map(describe).join('. ')}`;
    const rest = widest.filter((a) => !focused.includes(a));
    if (rest.length) text += `; the widest codes: ${rest.map((a) => `${a} (${lumps.get(a)!.industries})`).join(', ')}`;
  }
  return text;
}
