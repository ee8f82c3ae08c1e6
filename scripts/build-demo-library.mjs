// Builds data/library/gtr-esrc-grants.csv, the real projects the demo library starts with, from the Gateway to
// Research ESRC extract: one row per grant that GtR classifies by subject and by (classified) topic.
// Usage: node scripts/build-demo-library.mjs [shared data dir, default ../shared/data]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const shared = process.argv[2] ?? '../shared/data';
const read = (p) => parse(readFileSync(join(shared, p)), { columns: true });
const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const grants = new Map();
const grant = (r) => {
  let g = grants.get(r.grantReference);
  if (!g) grants.set(r.grantReference, (g = { category: r.grantCategory, status: r.status, subjects: [], topics: [] }));
  return g;
};
// "RCUK Programmes" is a funding stream, not a subject (as in data/reference/disciplines.csv)
for (const r of read('networks/gtr-esrc/subjects.csv')) if (r.text !== 'RCUK Programmes') grant(r).subjects.push(r.text);
for (const r of read('networks/gtr-esrc/topics.csv')) if (r.text !== 'Unclassified') grant(r).topics.push(r.text);

const rows = [...grants]
  .filter(([, g]) => g.subjects.length > 0 && g.topics.length > 0)
  .sort((a, b) => a[0].localeCompare(b[0]))
  .map(([ref, g]) => [ref, g.category, g.status, [...new Set(g.subjects)].join('; '), [...new Set(g.topics)].join('; ')]);
mkdirSync('data/library', { recursive: true });
writeFileSync(
  'data/library/gtr-esrc-grants.csv',
  ['grant_reference,category,status,subjects,topics', ...rows.map((r) => r.map((v) => q(String(v))).join(','))].join('\n') + '\n',
);
console.log(`${rows.length} grants with subjects and topics → data/library/gtr-esrc-grants.csv`);
