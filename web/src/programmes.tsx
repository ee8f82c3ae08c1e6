import { NavLink } from 'react-router';
import type { CallCard } from './api';
import { useSession } from './session';

/** The programme's pages. */
export function ProgrammeNav() {
  const { session, has } = useSession();
  return (
    <nav aria-label="Programme" className="tabs">
      <NavLink to="/calls" end>
        Calls
      </NavLink>
      <NavLink to="/awards" end>
        Awards
      </NavLink>
      {session?.user && <NavLink to="/applications">My applications</NavLink>}
      {has('reviewer') && <NavLink to="/reviews">My reviews</NavLink>}
      {(has('programme_manager') || has('administrator')) && <NavLink to="/programme/portfolio">Portfolio</NavLink>}
      {(has('programme_manager') || has('administrator')) && <NavLink to="/programme/reviewers">Reviewers</NavLink>}
    </nav>
  );
}

/** Whole pounds: "£60,000". */
export const money = (n: number) => `£${n.toLocaleString('en-GB')}`;

/** A London time as the call gives it: "31 March 2027, 12:00 BST". */
export function LondonText({ t }: { t: { utc: string; london: string; zone: string } }) {
  const [date, time] = t.london.split('T');
  const d = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (
    <time dateTime={t.utc}>
      {d}, {time} {t.zone}
    </time>
  );
}

export const STATUS_LABELS: Record<CallCard['status'], string> = { draft: 'Draft', upcoming: 'Opens soon', open: 'Open', closed: 'Closed' };

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status as CallCard['status']] ?? status.replace(/_/g, ' ')}</span>;
}
