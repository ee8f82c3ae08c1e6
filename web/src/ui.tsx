import { useEffect, useRef, type ReactNode } from 'react';
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

/** A status or error line that assistive technology reads out. */
export function Notice({ error, message }: { error?: unknown; message?: string | null }) {
  if (error) {
    const text = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
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

/** A labelled input with its field error linked by aria-describedby. */
export function Field(props: {
  id: string;
  label: string;
  error?: unknown;
  field?: string;
  hint?: string;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const issue = issuesOf(props.error).find((i) => i.field === (props.field ?? props.id) || i.field.startsWith(`${props.field ?? props.id}[`));
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
          {issue.message}
        </small>
      )}
    </div>
  );
}

export function ExampleBadge({ show }: { show: boolean }) {
  return show ? <span className="badge" title="An invented example, not a real person or organisation">Example</span> : null;
}
