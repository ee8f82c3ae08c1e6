import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvRecords } from '../formats/csv.js';
import type { Executor } from '../db/connection.js';
import { initialContent, itemColumns, itemTermRows, ItemInput, type Content } from './library.js';
import { refreshItemIndex } from './library-index.js';

/** The demo library's committed data (data/library, see data/README.md). */
export const DEMO_LIBRARY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/library');
export const GTR_SOURCE = 'UKRI Gateway to Research, ESRC grants (Open Government Licence v3.0)';
export const EXAMPLE_SOURCE = 'Proximity demo content: invented examples';

export interface GtrGrant {
  reference: string;
  category: string;
  status: string;
  subjects: string[];
  topics: string[];
}

/** Reads data/library/gtr-esrc-grants.csv; a malformed row is reported with its file, line and column. */
export function readGtrGrants(path = join(DEMO_LIBRARY_DIR, 'gtr-esrc-grants.csv')): GtrGrant[] {
  const list = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);
  return readCsvRecords(path, ['grant_reference', 'category', 'subjects', 'topics']).map((r) => ({
    reference: r.grant_reference,
    category: r.category,
    status: r.status,
    subjects: list(r.subjects),
    topics: list(r.topics),
  }));
}

/** "a, b and c" */
function series(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/**
 * A Gateway to Research grant as a library item: a research project with GtR's subjects as its disciplines
 * and GtR's research topics as its keywords (the topic facet). The extract holds no titles or abstracts, so
 * the title names the grant and its subjects, and the item links to the grant's GtR page, which has the rest.
 */
export function gtrItem(g: GtrGrant, disciplineOf: (label: string) => string | undefined): ItemInput {
  const kind = g.category === 'Fellowship' ? 'fellowship' : g.category.toLowerCase();
  const subjects = g.subjects.slice(0, 3);
  return ItemInput.parse({
    type: 'research_project',
    title: `ESRC ${kind} ${g.reference}: ${series(subjects)}${g.subjects.length > 3 ? ' and more' : ''}`.slice(0, 300),
    summary:
      `A ${kind} of the Economic and Social Research Council${g.status ? ` (${g.status.toLowerCase()})` : ''}, classified by UKRI Gateway to Research ` +
      `under ${series(g.subjects)}, with the research topics ${series(g.topics)}. Its title, abstract, investigators and outputs are on Gateway to Research.`,
    keywords: g.topics.slice(0, 40),
    disciplines: g.subjects.map(disciplineOf).filter((c): c is string => c !== undefined),
    url: `https://gtr.ukri.org/projects?ref=${encodeURIComponent(g.reference)}`,
    licence: 'Open Government Licence v3.0',
  });
}

export interface PublishedDraft {
  id: string;
  /** In stored form (`initialContent`). */
  content: Content;
  isExample: boolean;
  source: string;
}

/** Writes published items in bulk (500 rows a statement), each with its first version, then indexes them. */
export async function insertPublished(tx: Executor, drafts: readonly PublishedDraft[], at: Date): Promise<void> {
  for (let from = 0; from < drafts.length; from += 500) {
    const batch = drafts.slice(from, from + 500);
    await tx
      .insertInto('library_items')
      .values(batch.map((d) => ({ id: d.id, ...itemColumns(d.content), state: 'published', is_example: d.isExample, source: d.source, owner_id: null, created_at: at, updated_at: at, published_at: at })))
      .execute();
    const terms = batch.flatMap((d) => itemTermRows(d.id, d.content));
    for (let t = 0; t < terms.length; t += 2000) await tx.insertInto('library_item_terms').values(terms.slice(t, t + 2000)).execute();
    await tx.insertInto('library_versions').values(batch.map((d) => ({ item_id: d.id, version: 1, state: 'published', content: JSON.stringify(d.content), edited_by: null, edited_at: at }))).execute();
  }
  const ids = drafts.map((d) => d.id);
  for (let from = 0; from < ids.length; from += 2000) await refreshItemIndex(tx, ids.slice(from, from + 2000));
}

type ExampleKey = (typeof EXAMPLES)[number]['key'];
type ExampleFields = Record<string, unknown> & { key: string; related?: readonly string[] };

/**
 * Invented example items (marked as examples, like the example members): one of each kind the library
 * holds, classified by theme, technology, sector, region and audience, written by example members.
 */
const EXAMPLES = [
  {
    key: 'twins',
    type: 'briefing_paper',
    title: 'Digital twins for small manufacturers: what adoption takes (example)',
    summary: 'Example item. Small and medium-sized manufacturers can use digital twins to test changes before making them, but most pilots stall at the data stage. This briefing sets out what the firms that got past it did differently, and what support helps.',
    body: '## Key points\n\n- Start from one costly problem (scrap, changeover time), not from the technology.\n- Most of the work is getting reliable machine data; budget for it.\n- Firms that paired with a university or a technology provider moved faster.\n\n## What support helps\n\nShort, funded feasibility studies and peer visits to firms that have done it.',
    themes: ['digital-adoption', 'productivity', 'future-of-manufacturing-ecosystems'],
    technologies: ['digital-twins', 'industrial-iot'],
    sectors: ['C'],
    regions: ['TLG3'],
    audiences: ['manufacturers', 'policymakers'],
    keywords: ['digital twins', 'SMEs', 'feasibility studies'],
    publishedOn: '2025-03-14',
    related: ['foundry', 'readiness'],
  },
  {
    key: 'robots',
    type: 'research_summary',
    title: 'Does robot adoption raise productivity in small firms? (example)',
    summary: 'Example item. A plain-language summary of studies that compare firms before and after they adopt industrial robots: labour productivity rises on average, with large differences between firms and little effect on total employment in the firms that adopt.',
    body: 'The studies summarised compare adopters with similar firms that did not adopt. Effects are larger where firms also retrain staff.',
    themes: ['productivity', 'future-of-work'],
    technologies: ['robotics-automation'],
    sectors: ['C'],
    audiences: ['policymakers', 'researchers'],
    keywords: ['robots', 'productivity', 'employment'],
    publishedOn: '2024-11-02',
    evidence: 3,
    related: ['cobots'],
  },
  {
    key: 'skills',
    type: 'systematic_review',
    title: 'Skills for digital manufacturing: a systematic review (example)',
    summary: 'Example item. What the evidence says about the skills that digital manufacturing needs and about the training that builds them, from a systematic review of evaluations of workplace and college programmes.',
    body: '## Method\n\nA search of five databases, screening against stated criteria, and a narrative synthesis.\n\n## Findings\n\nShort, employer-led courses with practice on the firm’s own equipment had the most consistent effects.',
    themes: ['skills', 'future-of-work'],
    technologies: ['artificial-intelligence', 'data-analytics'],
    audiences: ['policymakers', 'practitioners', 'researchers'],
    keywords: ['skills', 'training', 'systematic review'],
    publishedOn: '2024-06-20',
    evidence: 4,
  },
  {
    key: 'specialisation',
    type: 'policy_brief',
    title: 'Smart specialisation in the West Midlands: building on related strengths (example)',
    summary: 'Example item. Which new activities are closest to what the West Midlands already does well, measured by relatedness density on BRES employment, and what a strategy built on those strengths would prioritise.',
    body: 'Regions diversify into activities related to their existing capabilities. The analysis ranks absent activities by relatedness density, complexity and opportunity gain (see the regions engine).',
    themes: ['regional-development', 'future-of-the-economy'],
    sectors: ['C'],
    regions: ['TLG'],
    audiences: ['policymakers'],
    keywords: ['smart specialisation', 'relatedness', 'economic complexity'],
    publishedOn: '2025-01-28',
    related: ['bres'],
  },
  {
    key: 'foundry',
    type: 'case_study',
    title: 'Predictive maintenance at a Black Country foundry (example)',
    summary: 'Example item. How a 60-person foundry fitted vibration sensors to two furnaces, learned to read the data with a local technology provider, and cut unplanned stoppages.',
    body: 'The firm started with one furnace and a three-month trial. Alerts were sent to the shift supervisor’s phone; maintenance moved from fixed intervals to need.',
    themes: ['digital-adoption', 'resilience'],
    technologies: ['industrial-iot', 'data-analytics'],
    sectors: ['C'],
    regions: ['TLG3'],
    audiences: ['manufacturers', 'technology-providers'],
    keywords: ['predictive maintenance', 'sensors', 'foundry'],
    publishedOn: '2025-05-09',
    related: ['twins'],
  },
  {
    key: 'cobots',
    type: 'case_study',
    title: 'Collaborative robots on a composites line in the Humber (example)',
    summary: 'Example item. A composites maker brought two collaborative robots onto a trimming line, redesigned the jobs around them with the operators, and kept every post.',
    themes: ['future-of-work', 'digital-adoption'],
    technologies: ['robotics-automation'],
    sectors: ['C'],
    regions: ['TLE1'],
    audiences: ['manufacturers', 'practitioners'],
    keywords: ['cobots', 'job design', 'composites'],
    publishedOn: '2024-09-17',
    related: ['robots'],
  },
  {
    key: 'jobcards',
    type: 'story',
    title: 'From paper job cards to a shop-floor app (example)',
    summary: 'Example item. A production manager tells how her team replaced paper job cards with tablets, what went wrong in the first month, and why the operators now would not go back.',
    themes: ['digital-adoption', 'future-of-work'],
    technologies: ['cloud-computing'],
    sectors: ['C'],
    regions: ['TLD3'],
    audiences: ['manufacturers', 'public'],
    keywords: ['storytelling', 'shop floor'],
    publishedOn: '2025-06-30',
  },
  {
    key: 'researcher',
    type: 'story',
    title: 'A social scientist on the factory floor (example)',
    summary: 'Example item. A sociologist spent six months embedded in a machining firm. She tells what she learned about how change is really negotiated, and what the firm learned from her.',
    themes: ['knowledge-exchange', 'future-of-work'],
    audiences: ['researchers', 'public'],
    keywords: ['storytelling', 'embedded research'],
    publishedOn: '2025-02-11',
  },
  {
    key: 'cyber',
    type: 'webinar_recording',
    title: 'Discovery day: cyber security for connected factories (example)',
    summary: 'Example item. The recording of a discovery-day session in which a technology provider, a manufacturer and a researcher discuss how connecting machines changes a factory’s exposure, and the first five things to do.',
    themes: ['resilience', 'digital-adoption'],
    technologies: ['cyber-security', 'connectivity-5g'],
    audiences: ['manufacturers', 'technology-providers'],
    keywords: ['cyber security', 'discovery day'],
    publishedOn: '2025-04-03',
  },
  {
    key: 'bres',
    type: 'dataset',
    title: 'Employment by ITL2 region and SIC division, BRES 2022–23 (example)',
    summary: 'Example item describing a real data set shipped with Proximity: ONS Business Register and Employment Survey jobs for the 40 ITL2 regions of Great Britain in 88 SIC 2007 divisions, 2022 and 2023, ready for the regions engine.',
    themes: ['regional-development', 'productivity'],
    regions: ['TLG', 'TLD', 'TLE'],
    audiences: ['researchers', 'policymakers'],
    keywords: ['BRES', 'employment', 'regional data'],
    licence: 'Open Government Licence v3.0',
    publishedOn: '2025-01-15',
    related: ['specialisation'],
  },
  {
    key: 'readiness',
    type: 'tool',
    title: 'Digital readiness self-assessment for manufacturers (example)',
    summary: 'Example item. A short questionnaire that places a manufacturer on each of six dimensions of digital readiness (strategy, data, skills, processes, technology, partnerships) and suggests next steps and people in the network to talk to.',
    themes: ['digital-adoption', 'skills'],
    audiences: ['manufacturers'],
    keywords: ['digital readiness', 'self-assessment'],
    publishedOn: '2025-07-01',
  },
  {
    key: 'boundaries',
    type: 'working_paper',
    title: 'Learning across boundaries: collaboration networks of a manufacturing research network (example)',
    summary: 'Example item. A network analysis of who worked with whom in a research network over four years: brokers between disciplines, how far joint work progressed from sharing papers to writing together, and the role of geographical proximity.',
    themes: ['knowledge-exchange', 'future-of-manufacturing-ecosystems'],
    audiences: ['researchers'],
    keywords: ['knowledge networks', 'interdisciplinarity', 'brokerage'],
    publishedOn: '2024-12-05',
  },
  {
    key: 'call',
    type: 'news',
    title: 'Second call for feasibility studies opens (example)',
    summary: 'Example item. The network invites teams of researchers and manufacturers to apply for funding for short feasibility studies on digital adoption. Briefing webinar next month.',
    themes: ['digital-adoption', 'knowledge-exchange'],
    audiences: ['researchers', 'manufacturers'],
    keywords: ['funding call'],
    publishedOn: '2025-08-18',
  },
] as const satisfies readonly ExampleFields[];

export const DEMO_COLLECTIONS: { slug: string; title: string; description: string; isCommunity: boolean; items: ExampleKey[] }[] = [
  {
    slug: 'leading-practice-digital-adoption',
    title: 'Leading practice in digital adoption',
    description: 'Example collection: case studies, briefings and tools that show how manufacturers adopt digital technologies.',
    isCommunity: false,
    items: ['foundry', 'cobots', 'twins', 'readiness', 'cyber'],
  },
  { slug: 'story-bank', title: 'Story bank', description: 'Example collection: stories from the network’s storytelling fellows.', isCommunity: false, items: ['jobcards', 'researcher'] },
  {
    slug: 'evidence-and-policy',
    title: 'Evidence for policy',
    description: 'Example community: members submit research summaries, reviews and policy briefs here for its curators to review.',
    isCommunity: true,
    items: ['robots', 'skills', 'specialisation'],
  },
];

const FEATURED: ExampleKey[] = ['twins', 'skills', 'jobcards'];

/**
 * The demo library: every ESRC grant of the committed Gateway to Research extract, as research projects, plus
 * the invented example items (written by example members, at example organisations), three collections and
 * three featured items. Into a database being seeded for the first time.
 */
export async function seedLibrary(tx: Executor, at = new Date()): Promise<{ projects: number; examples: number }> {
  const disciplines = await tx.selectFrom('taxonomy_terms').select(['code', 'label']).where('taxonomy', '=', 'discipline').execute();
  const codeOf = new Map(disciplines.map((d) => [d.label, d.code]));
  const projects: PublishedDraft[] = readGtrGrants().map((g) => ({ id: randomUUID(), content: initialContent(gtrItem(g, (label) => codeOf.get(label))), isExample: false, source: GTR_SOURCE }));

  const people = await tx.selectFrom('profiles').select(['id', 'name']).where('is_example', '=', true).orderBy('name').limit(40).execute();
  const orgs = await tx.selectFrom('organisations').select('id').where('is_example', '=', true).orderBy('name').execute();
  const collectionIds = new Map<string, string>();
  for (const c of DEMO_COLLECTIONS) {
    const row = await tx.insertInto('collections').values({ slug: c.slug, title: c.title, description: c.description, is_community: c.isCommunity, created_by: null }).returning('id').executeTakeFirstOrThrow();
    collectionIds.set(c.slug, row.id);
  }
  const communityOf = (key: ExampleKey) => DEMO_COLLECTIONS.find((c) => c.isCommunity && c.items.includes(key));
  const idOf = new Map<string, string>(EXAMPLES.map((e) => [e.key, randomUUID()]));
  const examples: PublishedDraft[] = EXAMPLES.map((e: ExampleFields, i) => {
    const { key, related, ...fields } = e;
    const authors = people.length ? [people[(i * 7) % people.length], people[(i * 7 + 17) % people.length]].map((p) => ({ name: p.name, profileId: p.id })) : [];
    const community = communityOf(key as ExampleKey);
    const input = ItemInput.parse({
      ...fields,
      authors,
      organisationIds: orgs.length ? [orgs[i % orgs.length].id] : [],
      relatedIds: (related ?? []).map((k) => idOf.get(k)!),
      collectionId: community ? collectionIds.get(community.slug)! : null,
    });
    return { id: idOf.get(key)!, content: initialContent(input), isExample: true, source: EXAMPLE_SOURCE };
  });
  await insertPublished(tx, [...examples, ...projects], at);

  for (const c of DEMO_COLLECTIONS) {
    await tx.insertInto('collection_items').values(c.items.map((k, position) => ({ collection_id: collectionIds.get(c.slug)!, item_id: idOf.get(k)!, position }))).execute();
  }
  await tx.insertInto('library_features').values(FEATURED.map((k, position) => ({ item_id: idOf.get(k)!, position, featured_by: null }))).execute();
  return { projects: projects.length, examples: examples.length };
}
