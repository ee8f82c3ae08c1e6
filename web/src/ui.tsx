import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, type FieldIssue } from './api';

/** A page's main heading takes focus when the page opens, so screen readers announce it. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    document.title = `${typeof children === 'string' ? children : 'Proximity'} · Proximity`;
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** A message as a sentence: a capital first letter and a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?…]$/.test(t) ? '' : '.'}` : t;
}

/** "authors[1].orcid" → "Authors 2: orcid", for an issue no field of the form shows. */
function fieldName(field: string): string {
  const words = field
    .replace(/\[(\d+)\]/g, (_m, i) => ` ${Number(i) + 1}`)
    .replace(/\./g, ': ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return sentence(words).replace(/\.$/, '');
}

/**
 * The issues of an error that a `Field` shows beside itself. Fields render before the layout effects of the form
 * run, so a `Notice` learns which issues no field showed and says only those (each message is said once).
 */
const shown = new WeakSet<FieldIssue>();
/** For a part of a form that shows an issue beside itself without a `Field`. */
export function showsBeside(issue: FieldIssue): void {
  shown.add(issue);
}

/** A status or error line that assistive technology reads out. Field errors are said beside their fields, not here. */
export function Notice({ error, message }: { error?: unknown; message?: string | null }) {
  const issues = error instanceof ApiError ? error.issues : [];
  const [unshown, setUnshown] = useState<FieldIssue[] | null>(null);
  useLayoutEffect(() => setUnshown(issues.filter((i) => !shown.has(i))), [error]);
  if (error) {
    if (error instanceof ApiError && issues.length > 0) {
      const rest = unshown ?? [];
      const beside = issues.length - rest.length;
      return (
        <div role="alert" className="notice error">
          {beside > 0 && <p>{beside === 1 ? 'Please correct the field marked below.' : `Please correct the ${beside} fields marked below.`}</p>}
          {error.code !== 'validation' && rest.length > 0 ? (
            // a refusal that is not about a form field (a file's type, a quota): its own words say most
            <p>{sentence(error.message)}</p>
          ) : (
            rest.map((i) => <p key={i.field}>{i.field.startsWith('(') ? sentence(i.message) : `${fieldName(i.field)}: ${sentence(i.message)}`}</p>)
          )}
        </div>
      );
    }
    const text = error instanceof ApiError ? sentence(error.message) : 'Something went wrong. Please try again.';
    return (
      <p role="alert" className="notice error">
        {text}
      </p>
    );
  }
  if (message)
    return (
      <p role="status" className="notice ok">
        {message}
      </p>
    );
  return null;
}

export function issuesOf(error: unknown): FieldIssue[] {
  return error instanceof ApiError ? error.issues : [];
}

/** A labelled input with its field error beside it (linked by aria-describedby), written as a sentence. */
export function Field(props: {
  id: string;
  label: string;
  error?: unknown;
  field?: string;
  hint?: string;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const field = props.field ?? props.id;
  const issue = issuesOf(props.error).find((i) => i.field === field || i.field.startsWith(`${field}[`) || i.field.startsWith(`${field}.`));
  if (issue) shown.add(issue);
  const describedBy = [props.hint && `${props.id}-hint`, issue && `${props.id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <small id={`${props.id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
      {props.children({ id: props.id, 'aria-describedby': describedBy, 'aria-invalid': issue ? true : undefined })}
      {issue && (
        <small id={`${props.id}-error`} className="field-error">
          {sentence(issue.message)}
        </small>
      )}
    </div>
  );
}

export function ExampleBadge({ show }: { show: boolean }) {
  return show ? <span className="badge" title="An invented example, not a real person or organisation">Example</span> : null;
}

/** The one date format of the app: "14 March 2025". */
export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', ...(iso.length === 10 && { timeZone: 'UTC' }) });
}

/** A moment: "14 March 2025, 10:32". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${formatDate(iso)}, ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

/** A date as a <time> element in the app's format. */
export function DateText({ iso, time = false }: { iso: string; time?: boolean }) {
  return <time dateTime={iso}>{time ? formatDateTime(iso) : formatDate(iso)}</time>;
}
