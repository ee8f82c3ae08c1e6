import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../db/connection.js';
import { ensureAdministrator } from './accounts/accounts.js';
import type { Hub } from './platform/context.js';
import { refreshProfileIndex, upgradeProfileIndex } from './directory/profile-index.js';
import { seedLibrary } from './library/library-seed.js';
import { loadReferenceData } from './taxonomy/taxonomy.js';
import { ensureBundledDatasets } from './datasets/datasets.js';
import { ensureMechanisms } from './programmes/mechanisms.js';
import { ensureEventTypes } from './events/event-types.js';
import { seedEngagement } from './engagement/engagement-seed.js';
import { seedProgramme } from './programmes/programme-seed.js';
import { xorshift32 } from '../linalg/random.js';
import { z } from 'zod';
import { readJsonFile } from '../formats/json.js';
import { DATA_DIR } from '../paths.js';
import { CAREER_STAGES, DEFAULT_VISIBILITY, ORGANISATION_TYPES, type CareerStage, type OrganisationType } from './platform/model.js';

const OrganisationTypeName = z.enum(Object.keys(ORGANISATION_TYPES) as [OrganisationType, ...OrganisationType[]]);

/**
 * The example members' material (data/hub/examples.json): invented organisations, marked as examples everywhere they
 * appear (name suffix and the is_example flag), in real ITL2 regions; and the names, disciplines, expertise, sectors,
 * themes, career stages and job titles example members are drawn from.
 */
const Examples = z.object({
  organisations: z.array(z.object({ name: z.string().endsWith('(example)'), type: OrganisationTypeName, region: z.string().regex(/^TL[A-N]\d$/) })).min(1),
  firstNames: z.array(z.string()).min(1),
  lastNames: z.array(z.string()).min(1),
  disciplines: z.array(z.string()).min(2),
  expertise: z.array(z.string()).min(3),
  sectors: z.array(z.string()).min(1),
  themes: z.array(z.string()).min(2),
  careerStages: z.array(z.enum(Object.keys(CAREER_STAGES) as [CareerStage, ...CareerStage[]])).min(1),
  jobTitles: z.record(OrganisationTypeName, z.array(z.string()).min(1)),
});

export const EXAMPLES_FILE = join(DATA_DIR, 'hub', 'examples.json');

/**
 * Reference data at every start; the example members and organisations, the demo library and the demo
 * administrator only into an empty database.
 */
export async function seed(hub: Hub, options: { examples: boolean; dataDir?: string }): Promise<{ seededExamples: boolean; admin?: { email: string; password: string } }> {
  await loadReferenceData(hub.db);
  await ensureMechanisms(hub.db);
  await ensureEventTypes(hub.db);
  await ensureBundledDatasets(hub.db);
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
    const { userId } = await ensureAdministrator(hub, { ...admin, name: 'Demo Administrator (example)', listed: false });
    // the demo programme, run by the demo administrator (who holds the programme manager's permissions)
    const profile = await hub.db.selectFrom('profiles').select('id').where('user_id', '=', userId).executeTakeFirst();
    const manager = { kind: 'user' as const, userId, profileId: profile?.id ?? null, email: admin.email, roles: new Set(['administrator'] as const) };
    await seedProgramme(hub, manager);
    await seedEngagement(hub, manager);
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
  const x = readJsonFile(EXAMPLES_FILE, Examples);
  const rand = xorshift32(seedValue);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], n: number) => [...new Set(Array.from({ length: n }, () => pick(xs)))];
  const orgs = await tx
    .insertInto('organisations')
    .values(x.organisations.map((o) => ({ name: o.name, type: o.type, country: 'GB', region_code: o.region, website: null, is_example: true, created_by: null })))
    .returning(['id', 'type', 'region_code'])
    .execute();
  const drafts = Array.from({ length: count }, (_, i) => {
    const org = pick(orgs);
    const name = `${x.firstNames[i % x.firstNames.length]} ${x.lastNames[(i * 7 + Math.floor(i / x.firstNames.length)) % x.lastNames.length]}`;
    const topics = some(x.expertise, 3);
    const visibility = { ...DEFAULT_VISIBILITY, ...(rand() < 0.15 ? { bio: 'private' as const } : {}), ...(rand() < 0.1 ? { name: 'members' as const } : {}) };
    return {
      org,
      profile: {
        id: randomUUID(),
        name: `${name} (example)`,
        job_title: pick(x.jobTitles[org.type as OrganisationType]),
        bio: `Example member: an invented profile that shows how the directory works. Works on ${topics.join(', ')}.`,
        region_code: org.region_code,
        country: 'GB',
        career_stage: pick(x.careerStages),
        expertise: topics,
        links: '[]',
        visibility: JSON.stringify(visibility),
        is_example: true,
      },
      terms: [
        ...some(x.disciplines, 2).map((code) => ({ taxonomy: 'discipline', code })),
        ...some(x.sectors, 1).map((code) => ({ taxonomy: 'sector', code })),
        ...some(x.themes, 2).map((code) => ({ taxonomy: 'theme', code })),
      ],
      start: `${2010 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-01`,
    };
  });
  // a second stream, so that the members drawn above stay as they were: most consent to analytics (the network's own
  // knowledge network shows them), and some came from another organisation (a move that ties the two)
  const rand2 = xorshift32(seedValue + 1);
  const extra = drafts.map((d) => {
    const consent = rand2() < 0.8;
    const moved = rand2() < 0.3;
    const before = orgs[Math.floor(rand2() * orgs.length)];
    const year = Number(d.start.slice(0, 4));
    return { consent, previous: moved && before.id !== d.org.id ? { organisation_id: before.id, start_date: `${year - 6}-01-01`, end_date: `${year - 1}-12-31` } : undefined };
  });
  drafts.forEach((d, i) => Object.assign(d.profile, { consent_analytics: extra[i].consent }));
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
      .values(batch.flatMap((d, k) => [{ profile_id: batchIds[k], organisation_id: d.org.id, role: null, start_date: d.start, end_date: null }, ...(extra[from + k].previous ? [{ profile_id: batchIds[k], role: null, ...extra[from + k].previous! }] : [])]))
      .execute();
  }
  await refreshProfileIndex(tx, ids);
}
