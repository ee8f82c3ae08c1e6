import { sql, type Insertable } from 'kysely';
import type { ContactsTable } from '../../db/schema.js';
import { xorshift32 } from '../../linalg/random.js';
import type { Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { londonLocal } from '../platform/london-time.js';
import { createConsultation, respond } from '../consultations/consultations.js';
import { BUILTIN_EVENT_TYPES } from '../events/event-types.js';
import { createEvent, linkOutput } from '../events/events.js';
import { checkIn, giveFeedback, register } from '../events/registrations.js';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../stakeholders/contract.js';
import { newNonce } from '../stakeholders/contacts.js';
import { saveSegment } from '../stakeholders/segments.js';

/**
 * The demo knowledge exchange programme, marked "(example)": a past and an upcoming event of each type (the past ones
 * with attendance, feedback and outputs from the library), one full upcoming event with a waitlist, one open
 * consultation with responses, and 300 example contacts across the UK's regions and sectors with their consent records.
 */

const VENUES = [
  { name: 'The Exchange', address: '3 Centenary Square, Birmingham B1 2DR', region: 'TLG3' },
  { name: 'Advanced Manufacturing Research Centre', address: 'Wallis Way, Catcliffe, Rotherham S60 5TZ', region: 'TLE3' },
  { name: 'National Manufacturing Institute Scotland', address: 'Netherton Square, Renfrewshire PA7 5FE', region: 'TLM8' },
  { name: 'Manufacturing Technology Centre', address: 'Ansty Park, Coventry CV7 9JU', region: 'TLG3' },
  { name: 'The Catalyst', address: '3 Science Square, Newcastle upon Tyne NE4 5TG', region: 'TLC2' },
  { name: 'Alliance Manchester Business School', address: 'Booth Street West, Manchester M15 6PB', region: 'TLD3' },
  { name: 'Cardiff University Centre for Student Life', address: 'Park Place, Cardiff CF10 3BB', region: 'TLL2' },
];
const THEMES = ['future-of-manufacturing-ecosystems', 'future-of-work', 'digital-adoption', 'productivity', 'resilience', 'sustainability', 'skills', 'knowledge-exchange', 'regional-development'];
const TECHS = ['artificial-intelligence', 'industrial-iot', 'robotics-automation', 'additive-manufacturing', 'digital-twins', 'data-analytics', 'cyber-security'];
const TOPICS: Record<string, string> = {
  webinar: 'AI adoption in manufacturing SMEs',
  discovery_day: 'Digital twins for supply chains',
  conference: 'Annual conference: knowledge, place and productivity',
  impact_workshop: 'From research to practice in the West Midlands',
  insight_day: 'Inside a smart factory',
  summer_school: 'Early-career summer school on innovation research',
  special_track: 'Special track on regional innovation systems',
  symposium: 'Symposium on the future of work in manufacturing',
  sandpit: 'Sandpit on net-zero manufacturing',
  mentoring_session: 'Mentoring for technology adopters',
};

const FIRST = ['Aisha', 'Ben', 'Carys', 'Dev', 'Eilidh', 'Femi', 'Grace', 'Harpreet', 'Ioan', 'Jade', 'Kwame', 'Lena', 'Mohammed', 'Niamh', 'Owen', 'Priya', 'Rhys', 'Sadia', 'Tom', 'Una', 'Vik', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Ahmed', 'Brown', 'Campbell', 'Davies', 'Evans', 'Fraser', 'Gill', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Murray', 'Nowak', "O'Neill", 'Patel', 'Roberts', 'Singh', 'Taylor', 'Walker', 'Wilson', 'Young'];
/** Sector (SIC section), stakeholder type and a kind of organisation, weighted towards manufacturing. */
const KINDS = [
  { sector: 'C', type: 'industry', org: ['Precision Castings', 'Midlands Robotics', 'Northern Composites', 'Clyde Fabrication', 'Severn Polymers', 'Tyne Electronics', 'Pennine Foods', 'Black Country Forge'], w: 40 },
  { sector: 'J', type: 'industry', org: ['DataWorks', 'Cloudline Systems', 'Factory Analytics'], w: 10 },
  { sector: 'M', type: 'intermediary', org: ['Growth Hub', 'Catapult Centre', 'Innovation Partners', 'Made Smarter Adoption'], w: 14 },
  { sector: 'P', type: 'academia', org: ['University of Birmingham', 'University of Sheffield', 'University of Strathclyde', 'Cardiff University', 'Newcastle University', 'Aston University'], w: 18 },
  { sector: 'O', type: 'policy', org: ['Combined Authority', 'City Council', 'Department for Business and Trade', 'Welsh Government'], w: 12 },
  { sector: 'S', type: 'third_sector', org: ['Manufacturing Trust', 'Skills Foundation'], w: 6 },
] as const;
const REGIONS = ['TLG3', 'TLG1', 'TLG2', 'TLE3', 'TLE4', 'TLD3', 'TLD7', 'TLC2', 'TLF1', 'TLH1', 'TLI3', 'TLJ1', 'TLK1', 'TLL2', 'TLL1', 'TLM8', 'TLM7', 'TLN0'];
const SIZES = ['micro', 'small', 'medium', 'large'] as const;

export async function seedEngagement(hub: Hub, manager: Viewer): Promise<{ events: number; contacts: number }> {
  const rand = xorshift32(19);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const people = (await hub.db.selectFrom('users as u').innerJoin('profiles as p', 'p.user_id', 'u.id').select(['u.id', 'u.email', 'p.id as profile_id']).where('u.email', 'like', 'example.member.%').orderBy('u.email').limit(40).execute()).map(
    (u): Viewer & { kind: 'user' } => ({ kind: 'user', userId: u.id, profileId: u.profile_id, email: u.email, roles: new Set() }),
  );
  const items = await hub.db.selectFrom('library_items').select(['id', 'type']).where('state', '=', 'published').orderBy('title').limit(40).execute();
  const now = hub.now();
  const day = (offset: number, hour: number) => `${londonLocal(new Date(now.getTime() + offset * 86_400_000)).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
  /** The offset moved to a working day: past a weekend, and out of the Christmas break (20 December to 4 January). */
  const workday = (offset: number): number => {
    for (let o = offset; ; o++) {
      const d = new Date(now.getTime() + o * 86_400_000);
      const md = londonLocal(d).slice(5, 10);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !(md >= '12-20' || md <= '01-04')) return o;
    }
  };
  /** Days from now to the next (or last) early July: when summer schools are held. */
  const july = (next: boolean): number => {
    const y = now.getUTCFullYear() + (next ? (now.getUTCMonth() >= 6 ? 1 : 0) : now.getUTCMonth() >= 7 ? 0 : -1);
    return Math.round((Date.UTC(y, 6, 6) - now.getTime()) / 86_400_000);
  };
  let events = 0;
  const used = new Set<number>();
  for (const [i, t] of BUILTIN_EVENT_TYPES.entries()) {
    const online = t.code === 'webinar' || t.code === 'mentoring_session';
    const venue = VENUES[i % VENUES.length];
    const long = t.code === 'summer_school' || t.code === 'conference' ? 1 : 0;
    for (const when of ['past', 'upcoming'] as const) {
      let offset = t.code === 'summer_school' ? workday(july(when === 'upcoming')) : workday(when === 'past' ? -(30 + i * 9) : 10 + i * 6);
      while (used.has(offset)) offset = workday(offset + 2);
      used.add(offset);
      // a past event was created, filled and held on its own clock
      const at = (days: number) => ({ ...hub, now: () => new Date(now.getTime() + days * 86_400_000) });
      const created = at(when === 'past' ? offset - 30 : 0);
      const e = await createEvent(
        created,
        manager,
        {
          type: t.code,
          title: `${TOPICS[t.code]}${when === 'past' ? '' : ` ${new Date(now.getTime() + offset * 86_400_000).getUTCFullYear()}`} (example)`,
          summary: `${t.description} An example event of the knowledge exchange programme.`,
          body: `An **example** ${t.name.toLowerCase()} of the network, seeded for the demonstration.\n\nIt brings researchers, policymakers, manufacturers and technology providers together on ${TOPICS[t.code].toLowerCase()}.`,
          themes: [THEMES[i % THEMES.length], THEMES[(i + 3) % THEMES.length]],
          technologies: [TECHS[i % TECHS.length]],
          sectors: ['C'],
          startsAt: day(offset, online ? 14 : 10),
          endsAt: day(offset + long, online ? 15 : 16),
          format: online ? 'online' : t.code === 'conference' ? 'hybrid' : 'in_person',
          venue: online ? null : venue,
          onlineUrl: online || t.code === 'conference' ? 'https://meet.example.org/proximity-example' : null,
          capacity: t.code === 'insight_day' && when === 'upcoming' ? 3 : online ? null : 40,
          registration: t.code === 'sandpit' ? 'moderated' : t.code === 'insight_day' && when === 'past' ? 'invitation' : 'open',
          questions: online ? [] : [{ id: 'dietary', type: 'choice', label: 'Dietary requirements', options: ['None', 'Vegetarian', 'Vegan', 'Halal', 'Gluten-free'] }, { id: 'access', type: 'text', label: 'Accessibility needs', maxLength: 500 }],
          sessions: online
            ? []
            : [
                { title: 'Welcome and introductions', startsAt: day(offset, 10), endsAt: day(offset, 10).replace('T10:00', 'T10:30'), speakers: [{ name: 'Network director (example)', affiliation: 'Proximity network' }] },
                { title: 'Keynote', startsAt: day(offset, 10).replace('T10:00', 'T10:30'), endsAt: day(offset, 11), speakers: [{ name: `${pick(FIRST)} ${pick(LAST)} (example)`, affiliation: pick(KINDS[3].org) }] },
                { title: 'Workshop groups', startsAt: day(offset, 11), endsAt: day(offset, 15), location: 'Breakout rooms' },
                { title: 'What we take away', startsAt: day(offset, 15), endsAt: day(offset, 16) },
              ],
          published: true,
        },
        { isExample: true },
      );
      events++;
      if (e.registration === 'invitation' || people.length < 10) continue;
      const n = e.registration === 'moderated' ? 4 : when === 'past' ? 8 + Math.floor(rand() * 10) : e.places.capacity === 3 ? 5 : 3 + Math.floor(rand() * 6);
      const before = at(offset - 5);
      const attendees = people.slice((i * 3) % 20, (i * 3) % 20 + n);
      for (const p of attendees) {
        const k = pick(KINDS);
        await register(when === 'past' ? before : hub, p, e.id, { answers: online ? {} : { dietary: pick(['None', 'None', 'Vegetarian', 'Vegan']) }, organisation: pick(k.org), sector: k.sector, region: pick(REGIONS) });
      }
      if (when === 'past') {
        const during = at(offset);
        const after = at(offset + long + 1);
        const regs = await hub.db.selectFrom('registrations').select(['id', 'user_id']).where('event_id', '=', e.id).where('status', '=', 'confirmed').execute();
        for (const r of regs) {
          if (rand() < 0.78) {
            await checkIn(during, manager, e.id, { registrationId: r.id });
            if (rand() < 0.6) {
              const who = attendees.find((p) => p.userId === r.user_id)!;
              await giveFeedback(after, who, e.id, { answers: { overall: 3 + Math.floor(rand() * 3), new_contacts: rand() < 0.5, next_step: pick(['Use it in my work', 'Share it in my organisation', 'Follow up with a speaker or participant']) } });
            }
          }
        }
        const item = items[i % Math.max(1, items.length)];
        if (item) await linkOutput(after, manager, e.id, { libraryItemId: item.id, kind: online ? 'recording' : 'output' });
        const slides = items[(i + 11) % Math.max(1, items.length)];
        if (slides && slides.id !== item?.id) await linkOutput(after, manager, e.id, { libraryItemId: slides.id, kind: 'slides' });
      }
    }
  }

  // 300 example contacts, with consent records as a sign-up form would have taken them
  let made = 0;
  const rows: Insertable<ContactsTable>[] = [];
  for (let i = 0; i < 300; i++) {
    const total = KINDS.reduce((s, k) => s + k.w, 0);
    let x = rand() * total;
    const k = KINDS.find((kk) => (x -= kk.w) < 0) ?? KINDS[0];
    const first = pick(FIRST);
    const last = pick(LAST);
    const region = i < 60 ? pick(['TLG1', 'TLG2', 'TLG3']) : pick(REGIONS);
    rows.push({ name: `${first} ${last} (example)`, email: `${first}.${last}.${i + 1}@example.com`.toLowerCase().replace(/'/g, ''), organisation: `${pick(k.org)} (example)`, sector: k.sector, size_band: k.type === 'industry' ? pick(SIZES) : null, region, stakeholder_type: k.type, source: pick(['import', 'sign_up', 'event_registration', 'manual'] as const), digest_frequency: pick(['none', 'weekly', 'monthly', 'monthly'] as const), link_nonce: newNonce(), is_example: true, last_active_at: new Date(now.getTime() - Math.floor(rand() * 400) * 86_400_000) });
  }
  await hub.db.transaction().execute(async (tx) => {
    const ids = await tx.insertInto('contacts').values(rows).onConflict((oc) => oc.expression(sql`lower(email)`).doNothing()).returning(['id', 'digest_frequency']).execute();
    made = ids.length;
    const interests = [];
    const consents = [];
    for (const c of ids) {
      const themes = new Set([pick(THEMES), pick(THEMES)]);
      const techs = new Set([pick(TECHS)]);
      for (const t of themes) interests.push({ contact_id: c.id, taxonomy: 'theme' as const, code: t });
      for (const t of techs) interests.push({ contact_id: c.id, taxonomy: 'technology' as const, code: t });
      const purposes: ConsentPurpose[] = [...(c.digest_frequency !== 'none' ? ['digests' as const] : []), ...(rand() < 0.6 ? ['consultations' as const] : []), ...(rand() < 0.25 ? ['research' as const] : []), ...(rand() < 0.1 ? ['partners' as const] : [])];
      const given = new Date(now.getTime() - Math.floor(rand() * 300) * 86_400_000);
      for (const p of purposes) consents.push({ contact_id: c.id, purpose: p, wording: CONSENT_PURPOSES[p].wording, wording_version: CONSENT_PURPOSES[p].version, source: 'example data (a sign-up form)', given_at: given });
    }
    if (interests.length) await tx.insertInto('contact_interests').values(interests).execute();
    if (consents.length) await tx.insertInto('consents').values(consents).execute();
  });
  await saveSegment(hub, manager, null, { name: 'Manufacturers in the West Midlands interested in AI (example)', filter: { sector: ['C'], region: ['TLG'], technology: ['artificial-intelligence'] } });
  await saveSegment(hub, manager, null, { name: 'Policymakers (example)', filter: { stakeholderType: ['policy'] } });

  // one open consultation, with responses from example members
  const k = await createConsultation(
    hub,
    manager,
    {
      kind: 'draft_call',
      title: 'Draft call: digital adoption in manufacturing places (example)',
      summary: 'The network plans a call for small projects on how manufacturers in a place adopt digital technologies. What should it fund?',
      body: '## The proposal\n\nSmall projects (up to £60,000, 12 months) that study or support the adoption of digital technologies by manufacturers in one place, with a local partner.\n\n## What we ask\n\nHow much of a priority this is for you, which scope matters, and what you would change.',
      questions: [
        { id: 'priority', type: 'scale', label: 'How much of a priority is this for you?', min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Very high', required: true },
        { id: 'scope', type: 'choice', label: 'Which scope matters most?', options: ['One place', 'A region', 'The UK'] },
        { id: 'technologies', type: 'multiple_choice', label: 'Which technologies should it cover?', options: ['Artificial intelligence', 'Industrial internet of things', 'Robotics', 'Digital twins', 'Data analytics'] },
        { id: 'change', type: 'text', label: 'What would you change in this proposal?', maxLength: 2000 },
      ],
      closesAt: day(42, 12),
      publicResponses: true,
      published: true,
    },
    { isExample: true },
  );
  const views = ['More support for shared testbeds and digital skills training.', 'Fund partnerships with growth hubs and local colleges; digital skills training matters most.', 'Shared testbeds for small manufacturers would help.', 'Include data analytics and cyber security.', 'Longer projects: twelve months is short for adoption.'];
  for (const [i, p] of people.slice(0, 9).entries()) {
    await respond(hub, p, k.id, { answers: { priority: 3 + (i % 3), scope: pick(['One place', 'A region', 'A region', 'The UK']), technologies: ['Artificial intelligence', pick(['Digital twins', 'Data analytics', 'Robotics'])], change: views[i % views.length] } });
  }
  return { events, contacts: made };
}
