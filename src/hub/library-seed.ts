import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvRecords } from '../formats/csv.js';
import type { Executor } from '../db/connection.js';
import { initialContent, itemColumns, itemTermRows, ItemInput, type Content } from './library.js';
import { refreshItemIndex } from './library-index.js';
import type { OrganisationType } from './model.js';

/** The demo library's committed data (data/library, see data/README.md). */
export const DEMO_LIBRARY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/library');
export const GTR_SOURCE = 'UKRI Gateway to Research, ESRC grants (Open Government Licence v3.0)';
export const DOCUMENT_SOURCE = 'A summary written for Proximity’s demo library of a public document';

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
  /** False for a bare record (a grant known only by its classification): it ranks below described items. */
  described: boolean;
}

/** Writes published items in bulk (500 rows a statement), each with its first version, then indexes them. */
export async function insertPublished(tx: Executor, drafts: readonly PublishedDraft[], at: Date): Promise<void> {
  for (let from = 0; from < drafts.length; from += 500) {
    const batch = drafts.slice(from, from + 500);
    await tx
      .insertInto('library_items')
      .values(batch.map((d) => ({ id: d.id, ...itemColumns(d.content), state: 'published', is_example: d.isExample, source: d.source, described: d.described, owner_id: null, created_at: at, updated_at: at, published_at: at })))
      .execute();
    const terms = batch.flatMap((d) => itemTermRows(d.id, d.content));
    for (let t = 0; t < terms.length; t += 2000) await tx.insertInto('library_item_terms').values(terms.slice(t, t + 2000)).execute();
    await tx.insertInto('library_versions').values(batch.map((d) => ({ item_id: d.id, version: 1, state: 'published', content: JSON.stringify(d.content), edited_by: null, edited_at: at }))).execute();
  }
  const ids = drafts.map((d) => d.id);
  for (let from = 0; from < ids.length; from += 2000) await refreshItemIndex(tx, ids.slice(from, from + 2000));
}

type DocumentKey = (typeof DOCUMENTS)[number]['key'];
type DocumentFields = Record<string, unknown> & { key: string; publisher: string; related?: readonly string[] };

/**
 * The public bodies that published the demo library's documents: real organisations (not examples), seeded with
 * the library, each with its website and its ITL 2021 region.
 */
export const PUBLISHERS: { name: string; type: OrganisationType; country: string; region: string | null; website: string }[] = [
  { name: 'Department for Business, Energy and Industrial Strategy', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.gov.uk/government/organisations/department-for-business-energy-and-industrial-strategy' },
  { name: 'Department for Business and Trade', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.gov.uk/government/organisations/department-for-business-and-trade' },
  { name: 'Department for Levelling Up, Housing and Communities', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.gov.uk/government/organisations/department-for-levelling-up-housing-and-communities' },
  { name: 'HM Treasury', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.gov.uk/government/organisations/hm-treasury' },
  { name: 'Government Office for Science', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.gov.uk/government/organisations/government-office-for-science' },
  { name: 'Office for National Statistics', type: 'policy_body', country: 'GB', region: 'TLL2', website: 'https://www.ons.gov.uk' },
  { name: 'National Cyber Security Centre', type: 'policy_body', country: 'GB', region: 'TLI3', website: 'https://www.ncsc.gov.uk' },
  { name: 'European Commission', type: 'policy_body', country: 'BE', region: null, website: 'https://commission.europa.eu' },
  { name: 'UK Research and Innovation', type: 'policy_body', country: 'GB', region: 'TLK1', website: 'https://www.ukri.org' },
];

const OGL = 'Open Government Licence v3.0';

/**
 * The demo library's own items: summaries, written for Proximity, of real public documents and data published under
 * open licences (most under the Open Government Licence), each with its publisher, authors, link and licence; the
 * summaries keep to what the documents say. One or more of each kind the library's users read most: reports,
 * guides, a research summary, data.
 */
const DOCUMENTS = [
  {
    key: 'made-smarter',
    publisher: 'Department for Business, Energy and Industrial Strategy',
    type: 'report',
    title: 'Made Smarter Review',
    summary:
      'An industry-led review for the UK government, chaired by Professor Juergen Maier, of how industrial digital technologies (robotics and automation, additive manufacturing, artificial intelligence, the industrial internet of things, virtual and augmented reality) could transform UK manufacturing, and of what holds firms back from adopting them.',
    body:
      '## Key points\n\n' +
      '- Faster adoption of industrial digital technologies could be worth up to £455 billion to UK manufacturing over ten years, with a net gain of 175,000 jobs.\n' +
      '- Adoption is slow, above all among small and medium-sized firms, which lack the leadership, skills and confidence to invest.\n' +
      '- The recommendations fall under adoption (a national programme to help firms take the technologies up), innovation (research and digital innovation centres) and leadership (a national body to champion the change), with a call to upskill a million industrial workers.\n\n' +
      'The adoption programme that followed, Made Smarter, was piloted in North West England.',
    authors: [{ name: 'Juergen Maier' }],
    themes: ['digital-adoption', 'productivity', 'future-of-manufacturing-ecosystems', 'skills'],
    technologies: ['robotics-automation', 'additive-manufacturing', 'artificial-intelligence', 'industrial-iot', 'augmented-virtual-reality', 'data-analytics'],
    sectors: ['C'],
    audiences: ['policymakers', 'manufacturers', 'technology-providers'],
    keywords: ['Made Smarter', 'industrial digital technologies', 'technology adoption'],
    publishedOn: '2017-10-30',
    url: 'https://www.gov.uk/government/publications/made-smarter-review',
    licence: OGL,
    related: ['foresight', 'automation'],
  },
  {
    key: 'foresight',
    publisher: 'Government Office for Science',
    type: 'report',
    title: 'The future of manufacturing: a new era of opportunity and challenge for the UK',
    summary:
      'A Foresight project of the Government Office for Science, looking to 2050. Manufacturing will be faster and more responsive to customers, exposed to new markets, more sustainable, and ever more dependent on highly skilled workers; more of its value will come from services around products.',
    body:
      '## Key points\n\n' +
      '- Manufacturing is wider than production: research, design, services and the supply chains around products are where much of its value lies ("servitisation").\n' +
      '- Four characteristics of manufacturing to 2050: faster and more responsive to customers; exposed to new market opportunities; more sustainable; increasingly dependent on highly skilled workers.\n' +
      '- Policy should look at whole value chains, not production alone, and take a long view of skills.\n\n' +
      'Published in 2013, with a set of evidence papers commissioned for the project.',
    authors: [{ name: 'Government Office for Science' }],
    themes: ['future-of-manufacturing-ecosystems', 'future-of-the-economy', 'skills', 'sustainability'],
    sectors: ['C'],
    audiences: ['policymakers', 'researchers'],
    keywords: ['Foresight', 'servitisation', '2050'],
    url: 'https://www.gov.uk/government/publications/future-of-manufacturing',
    licence: OGL,
    related: ['made-smarter'],
  },
  {
    key: 'industrial-strategy',
    publisher: 'Department for Business, Energy and Industrial Strategy',
    type: 'report',
    title: 'Industrial Strategy: building a Britain fit for the future',
    summary:
      'The UK government’s 2017 industrial strategy white paper: five foundations of productivity (ideas, people, infrastructure, business environment and places), four Grand Challenges, sector deals with industries, and local industrial strategies for places.',
    body:
      '## Key points\n\n' +
      '- Five foundations of productivity: ideas, people, infrastructure, business environment, places.\n' +
      '- Four Grand Challenges: artificial intelligence and the data economy; clean growth; the future of mobility; meeting the needs of an ageing society.\n' +
      '- A goal to raise total investment in research and development to 2.4% of GDP by 2027.\n' +
      '- Sector deals between government and industries, and local industrial strategies led by places.',
    authors: [{ name: 'Department for Business, Energy and Industrial Strategy' }],
    themes: ['productivity', 'regional-development', 'future-of-the-economy'],
    technologies: ['artificial-intelligence', 'data-analytics'],
    audiences: ['policymakers'],
    keywords: ['industrial strategy', 'Grand Challenges', 'sector deals'],
    publishedOn: '2017-11-27',
    url: 'https://www.gov.uk/government/publications/industrial-strategy-building-a-britain-fit-for-the-future',
    licence: OGL,
    related: ['innovation-strategy', 'invest-2035'],
  },
  {
    key: 'innovation-strategy',
    publisher: 'Department for Business, Energy and Industrial Strategy',
    type: 'report',
    title: 'UK Innovation Strategy: leading the future by creating it',
    summary:
      'The UK government’s 2021 strategy to make the UK a global hub for innovation by 2035, on four pillars (unleashing business; people; institutions and places; missions and technologies) and seven technology families in which the UK has strengths.',
    body:
      '## The seven technology families\n\n' +
      '- Advanced materials and manufacturing\n' +
      '- AI, digital and advanced computing\n' +
      '- Bioinformatics and genomics\n' +
      '- Engineering biology\n' +
      '- Electronics, photonics and quantum\n' +
      '- Energy and environment technologies\n' +
      '- Robotics and smart machines',
    authors: [{ name: 'Department for Business, Energy and Industrial Strategy' }],
    themes: ['future-of-the-economy', 'knowledge-exchange', 'regional-development'],
    technologies: ['artificial-intelligence', 'robotics-automation', 'additive-manufacturing'],
    audiences: ['policymakers', 'researchers', 'technology-providers'],
    keywords: ['innovation strategy', 'technology families', 'missions'],
    publishedOn: '2021-07-22',
    url: 'https://www.gov.uk/government/publications/uk-innovation-strategy-leading-the-future-by-creating-it',
    licence: OGL,
    related: ['industrial-strategy'],
  },
  {
    key: 'invest-2035',
    publisher: 'Department for Business and Trade',
    type: 'report',
    title: 'Invest 2035: the UK’s modern industrial strategy',
    summary:
      'The 2024 green paper that consulted on a new UK industrial strategy: ten years of policy centred on eight growth-driving sectors, on the places where they cluster, and on what holds back long-term investment in them.',
    body:
      '## The eight growth-driving sectors\n\n' +
      '- Advanced manufacturing\n' +
      '- Clean energy industries\n' +
      '- Creative industries\n' +
      '- Defence\n' +
      '- Digital and technologies\n' +
      '- Financial services\n' +
      '- Life sciences\n' +
      '- Professional and business services\n\n' +
      'It asked businesses, places and others where government action would most help investment in these sectors; the strategy itself followed in 2025.',
    authors: [{ name: 'Department for Business and Trade' }],
    themes: ['future-of-the-economy', 'productivity', 'regional-development'],
    sectors: ['C', 'J', 'K', 'M'],
    audiences: ['policymakers', 'manufacturers'],
    keywords: ['industrial strategy', 'growth-driving sectors', 'investment'],
    publishedOn: '2024-10-14',
    url: 'https://www.gov.uk/government/consultations/invest-2035-the-uks-modern-industrial-strategy',
    licence: OGL,
    related: ['industrial-strategy', 'levelling-up'],
  },
  {
    key: 'levelling-up',
    publisher: 'Department for Levelling Up, Housing and Communities',
    type: 'report',
    title: 'Levelling Up the United Kingdom',
    summary:
      'The 2022 white paper on narrowing the UK’s large differences between places: twelve missions to 2030 (on pay and productivity, research and development, skills, health, well-being, pride in place, housing, crime and local leadership) and six kinds of capital that places need.',
    body:
      '## Six capitals\n\n' +
      'Physical capital (infrastructure, machines, housing), human capital (skills, health, experience), intangible capital (innovation, ideas, patents), financial capital, social capital (communities, relationships, trust) and institutional capital (local leadership, capacity and capability).\n\n' +
      'The white paper argues that places falling behind lack several of these at once, so that they reinforce each other, and that the missions need action on all of them.',
    authors: [{ name: 'Department for Levelling Up, Housing and Communities' }],
    themes: ['regional-development', 'productivity', 'skills'],
    audiences: ['policymakers', 'researchers'],
    keywords: ['levelling up', 'missions', 'regional inequality'],
    publishedOn: '2022-02-02',
    url: 'https://www.gov.uk/government/publications/levelling-up-the-united-kingdom',
    licence: OGL,
    related: ['ris3', 'bres'],
  },
  {
    key: 'ris3',
    publisher: 'European Commission',
    type: 'tool',
    title: 'Guide to Research and Innovation Strategies for Smart Specialisation (RIS 3)',
    summary:
      'The European Commission’s guide for regions preparing smart specialisation strategies: concentrate resources on a few priorities, found through an “entrepreneurial discovery” process with firms, universities and public bodies, that build on what the region already does well; in six steps.',
    body:
      '## Six steps\n\n' +
      '1. Analyse the regional context and its potential for innovation.\n' +
      '2. Set up sound and inclusive governance.\n' +
      '3. Build a shared vision of the region’s future.\n' +
      '4. Select a limited number of priorities.\n' +
      '5. Establish a suitable policy mix: a roadmap and an action plan.\n' +
      '6. Integrate monitoring and evaluation.\n\n' +
      'Smart specialisation strategies became a condition for regions’ use of EU research and innovation funds from 2014. The relatedness and complexity measures of Proximity’s regions engine are one way to do step 1 and inform step 4.',
    // family name first: "Goenaga Beldarrain" is one family name of two words
    authors: ['Foray, Dominique', 'Goddard, John', 'Goenaga Beldarrain, Xabier', 'Landabaso, Mikel', 'McCann, Philip', 'Morgan, Kevin', 'Nauwelaers, Claire', 'Ortega-Argilés, Raquel'].map((name) => ({ name })),
    themes: ['regional-development', 'knowledge-exchange'],
    audiences: ['policymakers', 'researchers'],
    keywords: ['smart specialisation', 'entrepreneurial discovery', 'regional innovation'],
    url: 'https://s3platform.jrc.ec.europa.eu/',
    licence: '© European Union; reuse authorised with acknowledgement of the source',
    related: ['bres', 'levelling-up'],
  },
  {
    key: 'green-book',
    publisher: 'HM Treasury',
    type: 'tool',
    title: 'The Green Book: appraisal and evaluation in central government',
    summary:
      'HM Treasury’s guidance on appraising policies, programmes and projects before public money is spent: the five-case model, options appraisal with social cost-benefit analysis, and how to allow for risk, optimism bias and who gains and who pays.',
    body:
      '## The five cases of a business case\n\n' +
      '- Strategic: is there a case for change, and does it fit wider policy?\n' +
      '- Economic: which option gives the best value for society?\n' +
      '- Commercial: can it be procured and delivered commercially?\n' +
      '- Financial: is it affordable?\n' +
      '- Management: can it be delivered, and how will success be measured?\n\n' +
      'Costs and benefits are valued for society as a whole and discounted at the social time preference rate (3.5% a year); estimates are adjusted for the optimism that appraisals are known to show.',
    authors: [{ name: 'HM Treasury' }],
    themes: ['productivity', 'regional-development'],
    audiences: ['policymakers', 'practitioners'],
    keywords: ['appraisal', 'cost-benefit analysis', 'business case'],
    url: 'https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-in-central-government',
    licence: OGL,
    related: ['magenta-book'],
  },
  {
    key: 'magenta-book',
    publisher: 'HM Treasury',
    type: 'tool',
    title: 'The Magenta Book: central government guidance on evaluation',
    summary:
      'HM Treasury’s guidance on evaluating policies: why and when to evaluate, how to scope and design process, impact and value-for-money evaluations, and how to use what they find; with annexes on methods, from experimental and quasi-experimental designs to theory-based evaluation.',
    body:
      '## What it covers\n\n' +
      '- Process evaluation: was the policy delivered as intended, and why or why not?\n' +
      '- Impact evaluation: what difference did it make, compared with what would have happened without it?\n' +
      '- Value-for-money evaluation: were the benefits worth the costs?\n\n' +
      'Evaluation should be planned with the policy, in proportion to its cost, risk and novelty, so that the data it needs are collected from the start.',
    authors: [{ name: 'HM Treasury' }],
    themes: ['knowledge-exchange', 'productivity'],
    audiences: ['policymakers', 'researchers', 'practitioners'],
    keywords: ['evaluation', 'impact evaluation', 'theory of change'],
    url: 'https://www.gov.uk/government/publications/the-magenta-book',
    licence: OGL,
    related: ['green-book'],
  },
  {
    key: 'cyber',
    publisher: 'National Cyber Security Centre',
    type: 'tool',
    title: 'Small Business Guide: cyber security',
    summary:
      'The National Cyber Security Centre’s guide for small organisations, manufacturers connecting their machines among them: five quick, low-cost steps that protect against the most common cyber attacks.',
    body:
      '## Five steps\n\n' +
      '1. Back up your data.\n' +
      '2. Protect your organisation from malware.\n' +
      '3. Keep your smartphones and tablets safe.\n' +
      '4. Use passwords to protect your data.\n' +
      '5. Avoid phishing attacks.',
    authors: [{ name: 'National Cyber Security Centre' }],
    themes: ['resilience', 'digital-adoption'],
    technologies: ['cyber-security', 'cloud-computing'],
    audiences: ['manufacturers', 'practitioners'],
    keywords: ['cyber security', 'small businesses', 'phishing'],
    url: 'https://www.ncsc.gov.uk/collection/small-business-guide',
    licence: OGL,
    related: ['made-smarter'],
  },
  {
    key: 'automation',
    publisher: 'Office for National Statistics',
    type: 'research_summary',
    title: 'The probability of automation in England: 2011 and 2017',
    summary:
      'An Office for National Statistics analysis of which jobs in England are most at risk of having some of their tasks automated. About 1.5 million jobs, 7.4% of those analysed, were at high risk in 2017; 70% of them were held by women, and young people’s jobs were more at risk than others’.',
    body:
      '## Findings\n\n' +
      '- The jobs at highest risk were low-skilled ones: waiters and waitresses, shelf fillers and elementary sales occupations.\n' +
      '- Medical practitioners and higher education teaching professionals were at the lowest risk.\n' +
      '- The risk is estimated from the tasks each job involves, not from whole occupations disappearing: a job at high risk may change rather than go.\n\n' +
      'Evidence strength: a single modelled analysis of survey data, so the rating is the lowest of the rubric’s; the direction of its findings agrees with earlier task-based studies.',
    authors: [{ name: 'Office for National Statistics' }],
    themes: ['future-of-work', 'skills'],
    technologies: ['robotics-automation', 'artificial-intelligence'],
    audiences: ['policymakers', 'researchers', 'public'],
    keywords: ['automation', 'occupations', 'labour market'],
    publishedOn: '2019-03-25',
    evidence: 1,
    licence: OGL,
    related: ['made-smarter'],
  },
  {
    key: 'bres',
    publisher: 'Office for National Statistics',
    type: 'dataset',
    title: 'Business Register and Employment Survey: jobs by ITL2 region and SIC division, 2022 and 2023',
    summary:
      'Jobs in the 40 ITL2 regions of Great Britain in each of the 88 SIC 2007 divisions, in 2022 and 2023, from the ONS Business Register and Employment Survey (via Nomis), as shipped with Proximity for its regions engine.',
    body:
      '## In Proximity\n\n' +
      'The file `data/uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv` holds 31,459,440 jobs in 2022 and 31,799,835 in 2023. BRES covers Great Britain, so Northern Ireland is not in it. The regions engine reads it for specialisation, relatedness, complexity and diversification opportunities:\n\n' +
      '```\nproximity regions opportunities data/uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv --region "West Midlands" --activity-col activity_code\n```',
    authors: [{ name: 'Office for National Statistics' }],
    themes: ['regional-development', 'productivity'],
    regions: ['TLG', 'TLD', 'TLE', 'TLM', 'TLL'],
    audiences: ['researchers', 'policymakers'],
    keywords: ['BRES', 'employment', 'regional data', 'SIC 2007'],
    url: 'https://www.nomisweb.co.uk/',
    licence: OGL,
    related: ['ris3'],
  },
  {
    key: 'gtr',
    publisher: 'UK Research and Innovation',
    type: 'dataset',
    title: 'Gateway to Research: ESRC grants by subject and research topic',
    summary:
      'Every ESRC research grant and fellowship that UKRI’s Gateway to Research classifies by subject and research topic: 7,240 grants, each with its subjects and topics. This library lists each of them as a research project, so the Discipline and Topic filters show where the ESRC’s research lies.',
    body:
      '## In Proximity\n\n' +
      'The extract (`data/library/gtr-esrc-grants.csv`) holds each grant’s reference, category, status, subjects and topics, but not its title, abstract or investigators: each grant’s page on Gateway to Research has them. The knowledge-network engine reads Gateway to Research project extracts, with their people and organisations, for collaboration networks.',
    authors: [{ name: 'UK Research and Innovation' }],
    themes: ['knowledge-exchange'],
    audiences: ['researchers'],
    keywords: ['Gateway to Research', 'ESRC', 'research grants'],
    url: 'https://gtr.ukri.org/',
    licence: OGL,
  },
] as const satisfies readonly DocumentFields[];

export const DEMO_COLLECTIONS: { slug: string; title: string; description: string; isCommunity: boolean; items: DocumentKey[] }[] = [
  {
    slug: 'digital-adoption-in-manufacturing',
    title: 'Digital adoption in manufacturing',
    description: 'What industrial digital technologies could do for UK manufacturing, what holds firms back, what changes for work, and the first steps in securing connected machines.',
    isCommunity: false,
    items: ['made-smarter', 'foresight', 'automation', 'cyber'],
  },
  {
    slug: 'industrial-strategy-and-places',
    title: 'Industrial strategy and places',
    description: 'UK industrial, innovation and levelling-up strategies since 2017, the smart specialisation method, and the regional data to apply it.',
    isCommunity: false,
    items: ['industrial-strategy', 'innovation-strategy', 'invest-2035', 'levelling-up', 'ris3', 'bres'],
  },
  {
    slug: 'evidence-and-policy',
    title: 'Evidence for policy',
    description: 'A community for appraisal and evaluation: members submit guidance, evidence reviews and research summaries here for its curators to review.',
    isCommunity: true,
    items: ['green-book', 'magenta-book', 'automation'],
  },
];

const FEATURED: DocumentKey[] = ['made-smarter', 'automation', 'ris3'];
/** Items of the community, as if submitted to it. */
const IN_COMMUNITY: DocumentKey[] = ['green-book', 'magenta-book'];

/**
 * The demo library: every ESRC grant of the committed Gateway to Research extract, as research projects (bare records:
 * no description of their own), the summaries of real public documents (with their publishers, seeded as
 * organisations), two collections, a community and three featured items. Into a database being seeded for the first
 * time.
 */
export async function seedLibrary(tx: Executor, at = new Date()): Promise<{ projects: number; documents: number }> {
  const disciplines = await tx.selectFrom('taxonomy_terms').select(['code', 'label']).where('taxonomy', '=', 'discipline').execute();
  const codeOf = new Map(disciplines.map((d) => [d.label, d.code]));
  const projects: PublishedDraft[] = readGtrGrants().map((g) => ({ id: randomUUID(), content: initialContent(gtrItem(g, (label) => codeOf.get(label))), isExample: false, source: GTR_SOURCE, described: false }));

  const publishers = await tx
    .insertInto('organisations')
    .values(PUBLISHERS.map((p) => ({ name: p.name, type: p.type, country: p.country, region_code: p.region, website: p.website, is_example: false, created_by: null })))
    .returning(['id', 'name'])
    .execute();
  const publisherId = new Map(publishers.map((p) => [p.name, p.id]));
  const collectionIds = new Map<string, string>();
  for (const c of DEMO_COLLECTIONS) {
    const row = await tx.insertInto('collections').values({ slug: c.slug, title: c.title, description: c.description, is_community: c.isCommunity, created_by: null }).returning('id').executeTakeFirstOrThrow();
    collectionIds.set(c.slug, row.id);
  }
  const community = DEMO_COLLECTIONS.find((c) => c.isCommunity)!;
  const idOf = new Map<string, string>(DOCUMENTS.map((d) => [d.key, randomUUID()]));
  const documents: PublishedDraft[] = DOCUMENTS.map((d: DocumentFields) => {
    const { key, related, publisher, ...fields } = d;
    const input = ItemInput.parse({
      ...fields,
      organisationIds: [publisherId.get(publisher)!],
      relatedIds: (related ?? []).map((k) => idOf.get(k)!),
      collectionId: IN_COMMUNITY.includes(key as DocumentKey) ? collectionIds.get(community.slug)! : null,
    });
    const year = typeof fields.publishedOn === 'string' ? `, ${fields.publishedOn.slice(0, 4)}` : '';
    return { id: idOf.get(key)!, content: initialContent(input), isExample: false, source: `${DOCUMENT_SOURCE}: ${publisher}${year} (${fields.licence})`, described: true };
  });
  await insertPublished(tx, [...documents, ...projects], at);

  for (const c of DEMO_COLLECTIONS) {
    await tx.insertInto('collection_items').values(c.items.map((k, position) => ({ collection_id: collectionIds.get(c.slug)!, item_id: idOf.get(k)!, position }))).execute();
  }
  await tx.insertInto('library_features').values(FEATURED.map((k, position) => ({ item_id: idOf.get(k)!, position, featured_by: null }))).execute();
  return { projects: projects.length, documents: documents.length };
}
