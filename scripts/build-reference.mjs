// Builds data/reference/*.csv (the taxonomies the hub loads) from the shared public data sets.
// Usage: node scripts/build-reference.mjs [shared data dir, default ../shared/data]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const shared = process.argv[2] ?? '../shared/data';
const read = (p) => parse(readFileSync(join(shared, p)), { columns: true });
const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const write = (name, header, rows) =>
  writeFileSync(join('data/reference', name), [header.join(','), ...rows.map((r) => r.map((v) => q(String(v ?? ''))).join(','))].join('\n') + '\n');
const slug = (s) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// disciplines: the subjects of UKRI Gateway to Research (ESRC extract); "RCUK Programmes" is a funding stream, not a subject
const subjects = new Map();
for (const r of read('networks/gtr-esrc/subjects.csv')) {
  const s = subjects.get(r.text) ?? { id: r.id, grants: 0 };
  s.grants++;
  subjects.set(r.text, s);
}
subjects.delete('RCUK Programmes');
write('disciplines.csv', ['code', 'label', 'gtr_id', 'esrc_grants'],
  [...subjects].sort((a, b) => a[0].localeCompare(b[0])).map(([label, s]) => [slug(label), label, s.id, s.grants]));

// sectors: SIC 2007 sections A–U (BRES covers A–S; T and U complete the published list)
const sections = new Map();
for (const r of read('regions/uk-bres/sic2007_divisions.csv')) sections.set(r.sic_section, r.sic_section_name);
sections.set('T', 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use');
sections.set('U', 'Activities of extraterritorial organisations and bodies');
write('sectors.csv', ['code', 'label'], [...sections].sort());

// regions: UK ITL1 and ITL2 (2021); an ITL2 code's first three characters are its ITL1 code
const ITL1 = {
  TLC: 'North East (England)', TLD: 'North West (England)', TLE: 'Yorkshire and The Humber', TLF: 'East Midlands (England)',
  TLG: 'West Midlands (England)', TLH: 'East of England', TLI: 'London', TLJ: 'South East (England)', TLK: 'South West (England)',
  TLL: 'Wales', TLM: 'Scotland', TLN: 'Northern Ireland',
};
const itl2 = new Map();
for (const r of read('regions/uk-gva/ons_gva_itl2_current_prices_1998_2022.csv')) itl2.set(r.region_code, r.region);
const regions = [];
for (const [code, label] of Object.entries(ITL1)) {
  regions.push([code, label, '', 'ITL1']);
  for (const [c2, l2] of [...itl2].filter(([c]) => c.startsWith(code)).sort()) regions.push([c2, l2, code, 'ITL2']);
}
write('regions.csv', ['code', 'label', 'parent_code', 'level'], regions);
console.log(`disciplines ${subjects.size}, sectors ${sections.size}, regions ${regions.length}`);
