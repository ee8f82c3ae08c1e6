import { relatednessMatrix, type RelatednessMethod } from '../relatedness.js';
import type { Report, Row } from '../../report.js';
import type { RegionYear } from './inputs.js';

/** Relatedness between activities by one measure: one row per ordered pair a ≠ b, zeros included. */
export function relatednessReport(ry: RegionYear, o: { method: RelatednessMethod }): Report {
  const { res } = ry;
  const R = res.table.regions.length;
  const A = res.table.activities.length;
  const levels = ry.choice.presence === 'rpop' && res.rpop ? res.rpop : res.rca;
  const phi = relatednessMatrix(o.method, res.m, levels, R, A);
  const rows: Row[] = [];
  for (let a = 0; a < A; a++) for (let b = 0; b < A; b++) if (a !== b) rows.push({ activity_a: res.table.activities[a], activity_b: res.table.activities[b], value: phi[a * A + b] });
  return { columns: ['activity_a', 'activity_b', 'value'], rows, notices: ry.notices, meta: { year: ry.year, method: o.method } };
}
