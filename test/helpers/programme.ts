import { updateProfile } from '../../src/hub/directory/profiles.js';
import type { Viewer } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { createCall } from '../../src/hub/programmes/calls.js';
import { saveApplication, screenApplication, startApplication, submitApplication } from '../../src/hub/programmes/applications.js';
import { addReviewer } from '../../src/hub/programmes/reviewers.js';
import { newMember } from './db.js';

type User = Viewer & { kind: 'user' };

/** A published small-project call open on 1 March 2027 (the tests' clock), closing at noon on 31 March. */
export async function openCall(hub: Hub, manager: Viewer, over: Record<string, unknown> = {}) {
  return createCall(hub, manager, {
    mechanism: 'small_project',
    title: 'Knowledge exchange call',
    summary: 'Small projects.',
    themes: ['skills'],
    opensAt: '2027-02-01T09:00',
    closesAt: '2027-03-31T12:00',
    maxAmount: 60_000,
    totalBudget: 100_000,
    published: true,
    ...over,
  });
}

/** A member with a discipline and an organisation, who applies with a complete application and submits it. */
export async function applicant(hub: Hub, email: string, name: string, discipline: string, organisationId: string | null = null): Promise<User> {
  const { viewer } = await newMember(hub, email, name);
  await updateProfile(hub, viewer, viewer.profileId!, { disciplines: [discipline], consentAnalytics: true, ...(organisationId && { affiliations: [{ organisationId }] }) });
  return viewer;
}

export async function submitted(hub: Hub, who: User, callId: string, title: string, text: string, budget: number, organisationName = 'Example University'): Promise<string> {
  const app = await startApplication(hub, who, callId, { title });
  const lead = { ...(app.answers.team as object[])[0], organisationName };
  const saved = await saveApplication(hub, who, app.id, {
    version: app.version,
    answers: { summary: text, case_for_support: text, impact: 'Workshops with manufacturers.', team: [lead], budget: [{ category: 'Staff', amount: budget }], duration_months: 12, declaration: true },
  });
  await submitApplication(hub, who, saved.id);
  return app.id;
}

/** Members with the reviewer role in the pool, each with a discipline. */
export async function pool(hub: Hub, manager: Viewer, people: [string, string][]): Promise<User[]> {
  const out: User[] = [];
  for (const [i, [name, discipline]] of people.entries()) {
    const { viewer } = await newMember(hub, `reviewer${i}-${discipline}@example.org`, name);
    await updateProfile(hub, viewer, viewer.profileId!, { disciplines: [discipline] });
    await addReviewer(hub, manager, { profileId: viewer.profileId, capacity: 6, expertise: `${discipline.replace(/-/g, ' ')} research` });
    out.push({ ...viewer, roles: new Set(['reviewer']) });
  }
  return out;
}

export async function screenAll(hub: Hub, manager: Viewer, ids: readonly string[]): Promise<void> {
  for (const id of ids) await screenApplication(hub, manager, id, { decision: 'eligible' });
}
