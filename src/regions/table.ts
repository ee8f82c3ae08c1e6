/**
 * The data model of the regions engine: a value (employment, exports, patents…) for each
 * region × activity, as a dense row-major matrix with its labels.
 */
export interface RegionActivity {
  readonly regions: readonly string[];
  readonly activities: readonly string[];
  /** regions.length × activities.length, row-major: values[r * activities.length + a]. */
  readonly values: Float64Array;
}

/** One RegionActivity per period, in period order. */
export interface Panel {
  readonly years: readonly string[];
  readonly tables: readonly RegionActivity[];
}

export interface Record {
  region: string;
  activity: string;
  value: number;
}

export function regionActivity(regions: readonly string[], activities: readonly string[], values?: Float64Array): RegionActivity {
  const n = regions.length * activities.length;
  if (values && values.length !== n) {
    throw new RangeError(`values has ${values.length} cells, expected ${regions.length} x ${activities.length}`);
  }
  return { regions, activities, values: values ?? new Float64Array(n) };
}

/** Builds a table from long records; duplicate region × activity records are summed. Labels keep first-seen order. */
export function fromRecords(records: Iterable<Record>): RegionActivity {
  const rIndex = new Map<string, number>();
  const aIndex = new Map<string, number>();
  const rows: Record[] = [];
  for (const rec of records) {
    if (!rIndex.has(rec.region)) rIndex.set(rec.region, rIndex.size);
    if (!aIndex.has(rec.activity)) aIndex.set(rec.activity, aIndex.size);
    rows.push(rec);
  }
  const t = regionActivity([...rIndex.keys()], [...aIndex.keys()]);
  const A = aIndex.size;
  for (const rec of rows) t.values[rIndex.get(rec.region)! * A + aIndex.get(rec.activity)!] += rec.value;
  return t;
}

/** Long records of a table, zeros included, region-major. */
export function* toRecords(t: RegionActivity): Generator<Record> {
  const A = t.activities.length;
  for (let r = 0; r < t.regions.length; r++) {
    for (let a = 0; a < A; a++) yield { region: t.regions[r], activity: t.activities[a], value: t.values[r * A + a] };
  }
}

/** The table restricted to the given region and activity indices (in that order). */
export function subset(t: RegionActivity, regionIdx: ArrayLike<number>, activityIdx: ArrayLike<number>): RegionActivity {
  const A = t.activities.length;
  const out = new Float64Array(regionIdx.length * activityIdx.length);
  for (let i = 0; i < regionIdx.length; i++) {
    const src = regionIdx[i] * A;
    const dst = i * activityIdx.length;
    for (let j = 0; j < activityIdx.length; j++) out[dst + j] = t.values[src + activityIdx[j]];
  }
  return {
    regions: Array.from(regionIdx, (i) => t.regions[i]),
    activities: Array.from(activityIdx, (j) => t.activities[j]),
    values: out,
  };
}

export interface Dropped {
  table: RegionActivity;
  droppedRegions: string[];
  droppedActivities: string[];
}

/**
 * Removes regions and activities whose total is zero (py-ecomplexity's create_full_df,
 * Stata ecomplexity's check on totals), which would otherwise divide by zero.
 */
export function dropZeroTotals(t: RegionActivity): Dropped {
  const R = t.regions.length;
  const A = t.activities.length;
  const rTot = new Float64Array(R);
  const aTot = new Float64Array(A);
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) {
      const v = t.values[r * A + a];
      rTot[r] += v;
      aTot[a] += v;
    }
  }
  const keepR: number[] = [];
  const keepA: number[] = [];
  const droppedRegions: string[] = [];
  const droppedActivities: string[] = [];
  rTot.forEach((v, r) => (v > 0 ? keepR.push(r) : droppedRegions.push(t.regions[r])));
  aTot.forEach((v, a) => (v > 0 ? keepA.push(a) : droppedActivities.push(t.activities[a])));
  if (droppedRegions.length === 0 && droppedActivities.length === 0) return { table: t, droppedRegions, droppedActivities };
  return { table: subset(t, keepR, keepA), droppedRegions, droppedActivities };
}

export function indexOf(labels: readonly string[]): Map<string, number> {
  return new Map(labels.map((l, i) => [l, i]));
}
