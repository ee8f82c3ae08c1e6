// Builds the regions reference data shipped in data/ from the shared public data sets:
//   data/uk-gva/gva_per_job_itl2_2022.csv        GVA per job by ITL2 (ONS regional GVA ÷ BRES jobs), to orient complexity
//   data/uk-gva/gva_itl2_division_1998_2022.csv.gz  ONS regional GVA, ITL2 × SIC division groups × year (the panel data set)
//   data/uk-gva/gva_divisions.csv                 the panel's industries with their labels and SIC sections
//   data/us-cbp/cbp2019_metro_naics4.csv.gz      County Business Patterns 2019, the 383 metropolitan areas × NAICS 4-digit
//   data/us-cbp/naics_us_cluster_mapping.csv     US Cluster Mapping definitions rolled up from NAICS 6 to 4 and 5 digits
// Usage: node scripts/build-regions-data.mjs [shared data dir, default ../shared/data]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

const shared = process.argv[2] ?? '../shared/data';
const read = (p) => parse(readFileSync(join(shared, p)), { columns: true });
const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (header, rows) => [header.join(','), ...rows.map((r) => r.map((v) => q(String(v ?? ''))).join(','))].join('\n') + '\n';

// GVA per job, ITL2, 2022: ONS balanced GVA (current prices, £ million, all industries) ÷ BRES employment (jobs).
// BRES covers Great Britain, so Northern Ireland (TLN0) has no value.
const jobs = new Map();
for (const r of read('regions/uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv')) {
  if (r.year !== '2022') continue;
  const j = jobs.get(r.region_code) ?? { region: r.region, jobs: 0 };
  j.jobs += Number(r.value);
  jobs.set(r.region_code, j);
}
const gva = [];
for (const r of read('regions/uk-gva/ons_gva_itl2_current_prices_1998_2022.csv')) {
  if (r.year !== '2022' || r.activity_level !== 'total' || !jobs.has(r.region_code)) continue;
  const j = jobs.get(r.region_code);
  gva.push([r.region_code, j.region, r.value, j.jobs, Math.round((Number(r.value) * 1e6) / j.jobs)]);
}
if (gva.length !== 40) throw new Error(`expected 40 GB ITL2 regions with GVA, found ${gva.length}`);
mkdirSync('data/uk-gva', { recursive: true });
writeFileSync('data/uk-gva/gva_per_job_itl2_2022.csv', csv(['region_code', 'region', 'gva_gbp_million', 'jobs', 'gva_per_job'], gva.sort((a, b) => a[0].localeCompare(b[0]))));

// GVA panel: ITL2 × industries × 1998–2022, current prices, £ million. The industries partition the economy at the
// finest level ONS publishes for every region: its division groups (01, 02-03, …, 11-12…), and where it publishes none,
// the subsection or section (05-09 mining, 19-21 petroleum, chemicals and pharmaceuticals, 26, 27, 28, 35, 36-39, 84,
// 85, 97-98). Codes take SIC's two digits. Owner-occupiers' imputed rental (68IMP) is left out: it is not production by
// anyone in the region, and 68 is real estate activities excluding it. The parts are checked to sum to the total.
const sections = new Map(read('regions/uk-bres/sic2007_divisions.csv').map((r) => [r.activity_code, [r.sic_section, r.sic_section_name]]));
const two = (code) => code.split('-').map((x) => x.padStart(2, '0')).join('-');
const inner = (code) => /\(([\d-]+)\)/.exec(code)?.[1];
const FROM_SUBSECTIONS = new Set(['CD-CF (19-21)', 'CI (26)', 'CJ (27)', 'CK (28)']);
const FROM_SECTIONS = new Set(['B (5-9)', 'D (35)', 'E (36-39)', 'O (84)', 'P (85)', 'T (97-98)']);
const gvaRows = read('regions/uk-gva/ons_gva_itl2_current_prices_1998_2022.csv');
const panel = [];
const totals = new Map();
for (const r of gvaRows) {
  if (r.activity_level === 'total') totals.set(`${r.region_code} ${r.year}`, Number(r.value));
  let code;
  if (r.activity_level === 'division' && r.activity_code !== '68IMP') code = two(r.activity_code);
  else if ((r.activity_level === 'subsection' && FROM_SUBSECTIONS.has(r.activity_code)) || (r.activity_level === 'section' && FROM_SECTIONS.has(r.activity_code))) code = two(inner(r.activity_code));
  else if (r.activity_code === '68IMP') totals.set(`${r.region_code} ${r.year} imputed`, Number(r.value));
  if (code) panel.push({ ...r, activity_code: code });
}
const sums = new Map();
for (const r of panel) sums.set(`${r.region_code} ${r.year}`, (sums.get(`${r.region_code} ${r.year}`) ?? 0) + Number(r.value));
for (const [key, sum] of sums) {
  const expected = totals.get(key) - (totals.get(`${key} imputed`) ?? 0);
  if (Math.abs(sum - expected) > 0.002 * expected + 5) throw new Error(`GVA parts of ${key} sum to ${sum}, the total less imputed rent is ${expected}`);
}
const divisions = new Map();
for (const r of panel) divisions.set(r.activity_code, r.activity);
const divisionRows = [...divisions].sort((a, b) => a[0].localeCompare(b[0])).map(([code, label]) => {
  const s = sections.get(code.split('-')[0]);
  if (!s) throw new Error(`no SIC section for ${code}`);
  return [code, label, ...s];
});
writeFileSync('data/uk-gva/gva_divisions.csv', csv(['activity_code', 'activity', 'sic_section', 'sic_section_name'], divisionRows));
writeFileSync(
  'data/uk-gva/gva_itl2_division_1998_2022.csv.gz',
  gzipSync(csv(['year', 'region_code', 'region', 'activity_code', 'value'], panel.map((r) => [r.year, r.region_code, r.region, r.activity_code, r.value])), { level: 9 }),
);

// CBP 2019, metropolitan areas × NAICS 4-digit
const names = new Map();
for (const r of read('regions/us-cbp-2019/cbsa_names.csv')) if (r.cbsa_type === 'metro') names.set(r.cbsa_code, r.cbsa_name.replace(/ Metro Area$/, ''));
const cbp = read('regions/us-cbp-2019/cbp2019_cbsa_naics.csv');
const four = cbp.filter((r) => r.naics_level === '4' && names.has(r.cbsa_code));
mkdirSync('data/us-cbp', { recursive: true });
writeFileSync(
  'data/us-cbp/cbp2019_metro_naics4.csv.gz',
  gzipSync(csv(['region_code', 'region', 'naics', 'emp', 'estab'], four.map((r) => [r.cbsa_code, names.get(r.cbsa_code), r.naics_code, r.emp, r.estab])), { level: 9 }),
);

// US Cluster Mapping (Delgado, Porter & Stern 2016) definitions of NAICS 2012 6-digit industries, rolled up to 5 and 4 digits:
// an n-digit code takes the cluster (and subcluster) holding most of its 6-digit industries' metro employment in CBP 2019,
// and is traded when its traded industries hold at least half of that employment (by count of industries where none has jobs).
const defs = read('regions/us-cluster-mapping/naics2012_cluster_definitions.csv');
const emp6 = new Map();
for (const r of cbp) if (r.naics_level === '6' && names.has(r.cbsa_code)) emp6.set(r.naics_code, (emp6.get(r.naics_code) ?? 0) + Number(r.emp));
const rows = defs.map((d) => [d.naics, d.naics_title, d.traded_local, d.cluster, d.subcluster, 1, d.traded_local === 'traded' ? 1 : 0, 6]);
for (const digits of [5, 4]) {
  const groups = new Map();
  for (const d of defs) {
    const key = d.naics.slice(0, digits);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(d);
  }
  for (const [code, members] of [...groups].sort()) {
    const weight = (d) => emp6.get(d.naics) ?? 0;
    const total = members.reduce((s, d) => s + weight(d), 0);
    const w = total > 0 ? weight : () => 1;
    const sum = members.reduce((s, d) => s + w(d), 0);
    const traded = members.filter((d) => d.traded_local === 'traded').reduce((s, d) => s + w(d), 0) / sum;
    const by = (key) => {
      const m = new Map();
      for (const d of members) m.set(d[key], (m.get(d[key]) ?? 0) + w(d));
      return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    };
    const [cluster, share] = by('cluster');
    const [subcluster] = by('subcluster');
    const title = members.length === 1 ? members[0].naics_title : subcluster;
    rows.push([code, title, traded >= 0.5 ? 'traded' : 'local', cluster, subcluster, +(share / sum).toFixed(4), +traded.toFixed(4), digits]);
  }
}
rows.sort((a, b) => a[0].localeCompare(b[0]));
writeFileSync(
  'data/us-cbp/naics_us_cluster_mapping.csv',
  csv(['naics', 'label', 'traded_local', 'cluster', 'subcluster', 'cluster_share', 'traded_share', 'digits'], rows),
);
console.log(`GVA per job: ${gva.length} regions; GVA panel: ${panel.length} rows, ${divisionRows.length} division groups; CBP metro NAICS-4: ${four.length} rows, ${names.size} metros; cluster definitions: ${rows.length} codes`);
