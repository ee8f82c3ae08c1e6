import type { Hub } from '../platform/context.js';
import { jobQueue } from '../platform/jobs.js';
import { londonLocal } from '../platform/london-time.js';
import { lastPeriod, sendDigests, type Frequency } from '../digests/digests.js';
import { sendEventReminders } from '../events/event-reminders.js';
import { applyRetention, DEFAULT_RETENTION_MONTHS } from '../stakeholders/contacts.js';

/** The queue of the engagement sweep: at most one waiting and one running (pg-boss's "stately" policy), whatever the number of servers. */
export const SWEEP_QUEUE = 'engagement-sweep';
/** How often each server asks for a sweep. */
export const SWEEP_INTERVAL_MS = 5 * 60_000;
/** Digests go out from this London hour on the first day after their period. */
export const DIGEST_HOUR = 7;

export interface SweepOptions {
  /** Months a contact who is not a member is kept after their last activity. */
  retentionMonths?: number;
}

export interface SweepResult {
  reminders: { week: number; day: number; feedback: number };
  digests: { frequency: Frequency; period: string; sent: number }[];
  erased: number | null;
}

/** Marks a job's period done; false if it was done already (by this server or another). */
async function firstRun(hub: Hub, job: string, period: string): Promise<boolean> {
  const r = await hub.db.insertInto('engagement_runs').values({ job, period }).onConflict((oc) => oc.columns(['job', 'period']).doNothing()).returning('job').executeTakeFirst();
  return r !== undefined;
}

const done = async (hub: Hub, job: string, period: string) => (await hub.db.selectFrom('engagement_runs').select('job').where('job', '=', job).where('period', '=', period).executeTakeFirst()) !== undefined;

/**
 * One sweep: the event reminders and feedback requests due; the weekly and monthly digests of the period just ended
 * (from 07:00 London time on its first day; each person once, see sendDigests); the retention rule, once a day. Each
 * step is idempotent on its own, so a sweep run twice, or on two servers, sends nothing twice.
 */
export async function runEngagementSweep(hub: Hub, o: SweepOptions = {}): Promise<SweepResult> {
  const now = hub.now();
  const result: SweepResult = { reminders: await sendEventReminders(hub), digests: [], erased: null };
  if (Number(londonLocal(now).slice(11, 13)) >= DIGEST_HOUR) {
    for (const frequency of ['weekly', 'monthly'] as const) {
      const period = lastPeriod(frequency, now);
      if (await done(hub, `digest-${frequency}`, period.key)) continue;
      const run = await sendDigests(hub, frequency, period);
      await firstRun(hub, `digest-${frequency}`, period.key);
      result.digests.push({ frequency, period: period.key, sent: run.sent });
    }
  }
  const today = londonLocal(now).slice(0, 10);
  if (await firstRun(hub, 'retention', today)) result.erased = await applyRetention(hub, o.retentionMonths ?? DEFAULT_RETENTION_MONTHS);
  return result;
}

/**
 * Starts the sweep as a scheduled job on the PostgreSQL queue: every five minutes this server asks for one (the
 * queue keeps at most one waiting), and its worker runs it. Returns the function that stops it.
 */
export async function startEngagementJobs(hub: Hub, log: { error(o: object, msg: string): void; info(o: object, msg: string): void }, o: SweepOptions = {}): Promise<() => Promise<void>> {
  const boss = await jobQueue(hub.db);
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 });
  const worker = await boss.work(SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: 10 }, async () => {
    const r = await runEngagementSweep(hub, o);
    const sent = r.reminders.week + r.reminders.day + r.reminders.feedback + r.digests.reduce((s, d) => s + d.sent, 0);
    if (sent || r.erased) log.info({ ...r }, 'engagement sweep');
    return r;
  });
  const ask = () => boss.send(SWEEP_QUEUE, {}).catch((err: unknown) => log.error({ err }, 'could not queue the engagement sweep (it is asked again at the next interval)'));
  const first = setTimeout(ask, 15_000);
  const every = setInterval(ask, SWEEP_INTERVAL_MS);
  first.unref();
  every.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await boss.offWork(worker).catch(() => undefined);
  };
}
