import { z } from 'zod';

/**
 * Wall-clock times in Europe/London, the hub's time zone: deadlines and event times are written as London local times
 * and stored as instants. The offset comes from the IANA database through Intl, so it is right on both sides of every
 * clock change (GMT, UTC+0, from the last Sunday of October; BST, UTC+1, from the last Sunday of March). A local time
 * in the hour the clocks skip does not exist and is refused; one in the hour they repeat is taken at its first
 * occurrence (BST), as calendar programs do.
 */
export const HUB_TIME_ZONE = 'Europe/London';

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(zone, f);
  }
  return f;
}

/** Whether a name is an IANA time zone this runtime knows (Europe/London, America/New_York). */
export function isTimeZone(zone: string): boolean {
  try {
    formatIn(zone);
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** An instant as wall-clock time in a zone, YYYY-MM-DDTHH:mm. */
export function zonedLocal(at: Date, zone: string): string {
  const p = Object.fromEntries(formatIn(zone).formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** An instant as London wall-clock time, YYYY-MM-DDTHH:mm. */
export const londonLocal = (at: Date): string => zonedLocal(at, HUB_TIME_ZONE);

/** A zone's offset from UTC at an instant, in minutes (London: 0 in winter, 60 in summer). */
export function zoneOffsetMinutes(at: Date, zone: string): number {
  const local = zonedLocal(at, zone);
  const asUtc = Date.UTC(+local.slice(0, 4), +local.slice(5, 7) - 1, +local.slice(8, 10), +local.slice(11, 13), +local.slice(14, 16));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

export const londonOffsetMinutes = (at: Date): number => zoneOffsetMinutes(at, HUB_TIME_ZONE);

/**
 * The instant of a wall-clock time (YYYY-MM-DDTHH:mm) in a zone, or why there is none: a time in the hour the clocks
 * skip does not exist; one in the hour they repeat is its first occurrence (summer time), as calendar programs take it.
 */
export function fromZoned(local: string, zone: string): { at: Date } | { error: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return { error: 'must be a date and time YYYY-MM-DDTHH:mm' };
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 16) !== local) return { error: 'is not a calendar date and time' };
  // the instant is the wall-clock time less the zone's offset then: the offsets either side of it, the larger first
  const offsets = [...new Set([zoneOffsetMinutes(new Date(asUtc - 86_400_000), zone), zoneOffsetMinutes(new Date(asUtc + 86_400_000), zone)])].sort((a, b) => b - a);
  for (const offset of offsets) {
    const at = new Date(asUtc - offset * 60_000);
    if (zonedLocal(at, zone) === local) return { at };
  }
  return { error: `does not exist in ${zone === HUB_TIME_ZONE ? 'London' : zone}: the clocks go forward then on ${local.slice(0, 10)}` };
}

/** The instant of a London wall-clock time (YYYY-MM-DDTHH:mm), or why there is none. */
export function fromLondon(local: string): { at: Date } | { error: string } {
  const r = fromZoned(local, HUB_TIME_ZONE);
  return 'error' in r && r.error.startsWith('does not exist') ? { error: `does not exist in London: the clocks go forward from 01:00 to 02:00 on ${local.slice(0, 10)}` } : r;
}

/** Whether London keeps summer time (BST) at an instant. */
export const londonZone = (at: Date): 'GMT' | 'BST' => (londonOffsetMinutes(at) === 60 ? 'BST' : 'GMT');

/**
 * A date-time as people give it: London wall-clock time (2027-03-31T12:00), or an instant with its offset
 * (2027-03-31T11:00Z, 2027-03-31T12:00+01:00). Parsed to a Date.
 */
export const londonDateTime = z.string().trim().transform((s, ctx) => {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const at = new Date(s);
    if (!Number.isNaN(at.getTime())) return at;
    ctx.addIssue({ code: 'custom', message: 'is not a date and time' });
    return z.NEVER;
  }
  const r = fromLondon(s.slice(0, 16) === s ? s : s.replace(/:\d{2}$/, ''));
  if ('at' in r) return r.at;
  ctx.addIssue({ code: 'custom', message: r.error });
  return z.NEVER;
});

/** An instant as answers carry it: UTC, and London's wall-clock time with its zone. */
export const LondonTime = z.object({ utc: z.string(), london: z.string(), zone: z.enum(['GMT', 'BST']) });
export type LondonTime = z.infer<typeof LondonTime>;

export function londonTime(at: Date): LondonTime {
  return { utc: at.toISOString(), london: londonLocal(at), zone: londonZone(at) };
}
