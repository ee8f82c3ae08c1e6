/**
 * A mistake in what the user gave us (a file, a flag, a field): reported as a plain message
 * naming where the problem is, never as a stack trace. Adapters map it to exit code 2 or a 4xx.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly where?: { file?: string; line?: number; column?: number | string; field?: string },
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line:column: message`, with whatever parts are known. */
  override toString(): string {
    const w = this.where;
    if (!w) return this.message;
    const parts: string[] = [];
    if (w.file) parts.push(w.file);
    if (w.line !== undefined) parts.push(String(w.line));
    if (w.column !== undefined) parts.push(String(w.column));
    const prefix = parts.join(':');
    const field = w.field ? ` (${w.field})` : '';
    return prefix ? `${prefix}: ${this.message}${field}` : `${this.message}${field}`;
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** Up to `max` known names closest to `name` (case-insensitive; substring matches first). */
export function closeNames(name: string, known: readonly string[], max = 3): string[] {
  const q = name.toLowerCase();
  const scored = known.map((k) => {
    const l = k.toLowerCase();
    const contains = l.includes(q) || q.includes(l);
    return { k, score: contains ? 0 : editDistance(q, l) / Math.max(q.length, l.length) };
  });
  return scored
    .filter((s) => s.score < 0.5)
    .sort((a, b) => a.score - b.score || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((s) => s.k);
}
