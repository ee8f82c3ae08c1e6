import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../db/connection.js';
import { ensureAdministrator } from './accounts.js';
import type { Hub } from './context.js';
import { refreshProfileIndex, upgradeProfileIndex } from './profile-index.js';
import { seedLibrary } from './library-seed.js';
import { loadReferenceData } from './taxonomy.js';
import { xorshift32 } from '../linalg/random.js';
import { DEFAULT_VISIBILITY, type CareerStage, type OrganisationType } from './model.js';

/**
 * Example organisations: invented, and marked as examples everywhere they appear (name suffix and
 * the is_example flag), in real ITL2 regions.
 */
const EXAMPLE_ORGANISATIONS: { name: string; type: OrganisationType; region: string }[] = [
  { name: 'Midlands Advanced Manufacturing Centre (example)', type: 'research_institute', region: 'TLG3' },
  { name: 'University of the North West Coast (example)', type: 'university', region: 'TLD3' },
  { name: 'Clyde Valley University (example)', type: 'university', region: 'TLM8' },
  { name: 'Severn Precision Castings (example)', type: 'manufacturer', region: 'TLG1' },
  { name: 'Humber Composites Ltd (example)', type: 'manufacturer', region: 'TLE1' },
  { name: 'Pennine Robotics (example)', type: 'technology_provider', region: 'TLE4' },
  { name: 'Thames Data Works (example)', type: 'technology_provider', region: 'TLI3' },
  { name: 'Regional Productivity Forum (example)', type: 'policy_body', region: 'TLF1' },
  { name: 'Black Country Makers Cluster (example)', type: 'intermediary', region: 'TLG3' },
  { name: 'Cardiff Bay Innovation Partners (example)', type: 'business', region: 'TLL2' }, // Cardiff: East Wales
  { name: 'Tyne Institute for Work and Skills (example)', type: 'university', region: 'TLC2' },
  { name: 'South West Digital Twin Lab (example)', type: 'research_institute', region: 'TLK1' },
];

const FIRST = ['Amara', 'Ben', 'Chloe', 'Dev', 'Elif', 'Finn', 'Grace', 'Hamza', 'Isla', 'Jonah', 'Kiran', 'Lena', 'Marek', 'Nia', 'Owen', 'Priya', 'Rosa', 'Sam', 'Tomas', 'Uma', 'Vikram', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Adeyemi', 'Brennan', 'Chowdhury', 'Davies', 'Evans', 'Fraser', 'Gallagher', 'Hughes', 'Iqbal', 'Jones', 'Kowalski', 'Lewis', 'McLeod', 'Novak', "O'Neill", 'Patel', 'Quinn', 'Roberts', 'Singh', 'Thomas'];
const DISCIPLINES = ['economics', 'management-business-studies', 'human-geography', 'sociology', 'pol-sci-internat-studies', 'science-and-technology-studies', 'info-commun-technol', 'manufacturing', 'psychology', 'education', 'systems-engineering', 'mechanical-engineering', 'materials-sciences', 'environmental-planning', 'design'];
const EXPERTISE = ['digital twins', 'industrial robotics', 'additive manufacturing', 'regional innovation systems', 'smart specialisation', 'supply chains', 'skills policy', 'productivity measurement', 'knowledge exchange', 'SME digital adoption', 'circular economy', 'net zero manufacturing', 'industrial policy', 'cluster development', 'human factors', 'AI in manufacturing', 'organisational change', 'economic complexity', 'technology roadmapping', 'innovation networks'];
const SECTORS = ['C', 'J', 'M', 'P', 'O', 'F', 'H'];
const THEMES = ['future-of-manufacturing-ecosystems', 'future-of-work', 'future-of-the-economy', 'digital-adoption', 'productivity', 'resilience', 'sustainability', 'skills', 'knowledge-exchange', 'regional-development'];
const STAGES: CareerStage[] = ['doctoral', 'early_career', 'mid_career', 'senior', 'practitioner'];
const TITLES: Record<OrganisationType, string[]> = {
  university: ['Professor', 'Senior Lecturer', 'Research Fellow', 'PhD Researcher'],
  research_institute: ['Principal Research Engineer', 'Research Scientist'],
  manufacturer: ['Operations Director', 'Head of Digital', 'Continuous Improvement Lead'],
  technology_provider: ['Solutions Architect', 'Founder and CEO'],
  policy_body: ['Policy Adviser', 'Head of Industrial Strategy'],
  intermediary: ['Cluster Manager', 'Programme Lead'],
  business: ['Innovation Consultant', 'Managing Director'],
  other: ['Independent Consultant'],
};

/**
 * Reference data at every start; the example members and organisations, the demo library and the demo
 * administrator only into an empty database.
 */
export async function seed(hub: Hub, options: { examples: boolean; dataDir?: string }): Promise<{ seededExamples: boolean; admin?: { email: string; password: string } }> {
  await loadReferenceData(hub.db);
  await upgradeProfileIndex(hub.db);
  const any = await hub.db.selectFrom('profiles').select('id').limit(1).executeTakeFirst();
  let admin: { email: string; password: string } | undefined;
  const adminFile = options.dataDir && options.dataDir !== 'memory' ? join(options.dataDir, 'demo-admin.txt') : undefined;
  if (!any && options.examples) {
    await hub.db.transaction().execute(async (tx) => {
      await seedExamples(tx, 2026);
      await seedLibrary(tx);
    });
    admin = { email: 'admin@example.org', password: randomBytes(9).toString('base64url') };
    await ensureAdministrator(hub, { ...admin, name: 'Demo Administrator (example)', listed: false });
    if (adminFile) writeFileSync(adminFile, `${admin.email}\n${admin.password}\n`, { mode: 0o600 });
    return { seededExamples: true, admin };
  }
  if (adminFile && existsSync(adminFile)) {
    const [email, password] = readFileSync(adminFile, 'utf8').split('\n');
    admin = { email, password };
  }
  return { seededExamples: false, admin };
}

/** Writes the example organisations and `count` example members (deterministic for a given seed). */
export async function seedExamples(tx: Executor, seedValue: number, count = 120): Promise<void> {
  const rand = xorshift32(seedValue);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], n: number) => [...new Set(Array.from({ length: n }, () => pick(xs)))];
  const orgs = await tx
    .insertInto('organisations')
    .values(EXAMPLE_ORGANISATIONS.map((o) => ({ name: o.name, type: o.type, country: 'GB', region_code: o.region, website: null, is_example: true, created_by: null })))
    .returning(['id', 'type', 'region_code'])
    .execute();
  const drafts = Array.from({ length: count }, (_, i) => {
    const org = pick(orgs);
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    const topics = some(EXPERTISE, 3);
    const visibility = { ...DEFAULT_VISIBILITY, ...(rand() < 0.15 ? { bio: 'private' as const } : {}), ...(rand() < 0.1 ? { name: 'members' as const } : {}) };
    return {
      org,
      profile: {
        id: randomUUID(),
        name: `${name} (example)`,
        job_title: pick(TITLES[org.type as OrganisationType]),
        bio: `Example member: an invented profile that shows how the directory works. Works on ${topics.join(', ')}.`,
        region_code: org.region_code,
        country: 'GB',
        career_stage: pick(STAGES),
        expertise: topics,
        links: '[]',
        visibility: JSON.stringify(visibility),
        is_example: true,
      },
      terms: [
        ...some(DISCIPLINES, 2).map((code) => ({ taxonomy: 'discipline', code })),
        ...some(SECTORS, 1).map((code) => ({ taxonomy: 'sector', code })),
        ...some(THEMES, 2).map((code) => ({ taxonomy: 'theme', code })),
      ],
      start: `${2010 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-01`,
    };
  });
  const ids: string[] = [];
  // in batches of 500 rows: one statement each for profiles, their terms and their affiliations
  for (let from = 0; from < drafts.length; from += 500) {
    const batch = drafts.slice(from, from + 500);
    await tx.insertInto('profiles').values(batch.map((d) => d.profile)).execute();
    const batchIds = batch.map((d) => d.profile.id);
    ids.push(...batchIds);
    await tx.insertInto('profile_terms').values(batch.flatMap((d, k) => d.terms.map((t) => ({ profile_id: batchIds[k], ...t })))).execute();
    await tx
      .insertInto('affiliations')
      .values(batch.map((d, k) => ({ profile_id: batchIds[k], organisation_id: d.org.id, role: null, start_date: d.start, end_date: null })))
      .execute();
  }
  await refreshProfileIndex(tx, ids);
}
