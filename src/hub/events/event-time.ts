import { invalid } from '../platform/errors.js';
import { fromZoned, isTimeZone, zonedLocal } from '../platform/london-time.js';
import type { ZonedTime } from './contract.js';

const abbreviations = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant (GMT, BST, CET), as en-GB writes it. */
function abbreviation(at: Date, zone: string): string {
  let f = abbreviations.get(zone);
  if (!f) abbreviations.set(zone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })));
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

export function zonedTime(at: Date, zone: string): ZonedTime {
  return { utc: at.toISOString(), local: zonedLocal(at, zone), timezone: zone, abbreviation: abbreviation(at, zone) };
}

/** Refuses a time zone that is not an IANA name this runtime knows. */
export function checkZone(zone: string, field = 'timezone'): void {
  if (!isTimeZone(zone)) throw invalid(field, `${zone} is not a known time zone: give an IANA name such as Europe/London`);
}

/** The instant of a time as given: wall-clock time in the zone, or an instant with its offset. The field is named when there is none. */
export function instantIn(value: string, zone: string, field: string): Date {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw invalid(field, 'is not a date and time');
    return at;
  }
  const r = fromZoned(value.slice(0, 16), zone);
  if ('error' in r) throw invalid(field, r.error);
  return r.at;
}
