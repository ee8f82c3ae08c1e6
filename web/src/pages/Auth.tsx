import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { ApiError, post, type Session } from '../api';
import { useSession } from '../session';
import { Field, Notice, PageTitle } from '../ui';

function useForm() {
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent, action: () => Promise<string | null | void>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const m = await action();
      if (m) setMessage(m);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, message, busy, run };
}

/** "Send me a new link": for an address that has not been confirmed (the answer is the same for any address). */
function ResendVerification({ email }: { email: string }) {
  const f = useForm();
  const [address, setAddress] = useState(email);
  return (
    <form className="resend" onSubmit={(e) => f.run(e, async () => {
      await post('/auth/verify-email/resend', { email: address });
      return `If ${address} has an account waiting for confirmation, we have sent it a new link. The old one no longer works.`;
    })}>
      <Notice error={f.error} message={f.message} />
      <Field id="resend-email" field="email" label="Email address to confirm" error={f.error}>
        {(a) => <input {...a} type="email" autoComplete="email" required maxLength={TEXT_LIMITS.email} value={address} onChange={(e) => setAddress(e.target.value)} />}
      </Field>
      <button disabled={f.busy}>Send a new confirmation link</button>
    </form>
  );
}

export function SignIn() {
  const f = useForm();
  const { set } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const unconfirmed = f.error instanceof ApiError && f.error.code === 'email_not_verified';
  return (
    <>
      <PageTitle>Sign in</PageTitle>
      <form onSubmit={(e) => f.run(e, async () => {
        set(await post<Session>('/auth/sign-in', { email, password }));
        navigate('/me');
      })}>
        <Notice error={f.error} message={f.message} />
        <Field id="email" label="Email address" error={f.error}>
          {(a) => <input {...a} type="email" autoComplete="email" required maxLength={TEXT_LIMITS.email} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field id="password" label="Password" error={f.error}>
          {(a) => <input {...a} type="password" autoComplete="current-password" required maxLength={TEXT_LIMITS.password} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button disabled={f.busy}>Sign in</button>
      </form>
      {unconfirmed && <ResendVerification email={email} />}
      <p>
        <Link to="/reset-password">Forgotten your password?</Link> · <Link to="/sign-up">Create an account</Link>
      </p>
    </>
  );
}

export function SignUp() {
  const f = useForm();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (sentTo)
    return (
      <>
        <PageTitle>Check your email</PageTitle>
        <p role="status" className="notice ok">
          We sent a link to {sentTo} to confirm your address. Follow it within 48 hours to finish joining, then sign in.
        </p>
        <h2>No email?</h2>
        <p>Look in your spam folder, or ask for a new link:</p>
        <ResendVerification email={sentTo} />
        <p>
          <button type="button" className="link" onClick={() => (setSentTo(null), setName(''), setEmail(''), setPassword(''))}>
            Sign up with another address
          </button>
        </p>
      </>
    );
  return (
    <>
      <PageTitle>Join the network</PageTitle>
      <form onSubmit={(e) => f.run(e, async () => {
        await post('/auth/sign-up', { name, email, password });
        setPassword('');
        setSentTo(email);
      })}>
        <Notice error={f.error} message={f.message} />
        <Field id="name" label="Your name" error={f.error}>
          {(a) => <input {...a} autoComplete="name" required maxLength={TEXT_LIMITS.personName} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id="email" label="Email address" error={f.error}>
          {(a) => <input {...a} type="email" autoComplete="email" required maxLength={TEXT_LIMITS.email} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field id="password" label="Password" hint={PASSWORD_HINT} error={f.error}>
          {(a) => <input {...a} type="password" autoComplete="new-password" required minLength={12} maxLength={TEXT_LIMITS.password} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button disabled={f.busy}>Create account</button>
      </form>
    </>
  );
}

export const PASSWORD_HINT = 'At least 12 characters, hard to guess: a few uncommon words together work well.';

/** Pages opened from an emailed link post its token once. */
function useTokenAction(path: string, done: string) {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<{ error?: unknown; message?: string }>({});
  const started = useRef(false);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    post(path, { token }).then(() => setState({ message: done }), (error) => setState({ error }));
  }, [token, path, done]);
  return { token, ...state };
}

export function VerifyEmail() {
  const s = useTokenAction('/auth/verify-email', 'Your email address is confirmed. You can sign in now.');
  return (
    <>
      <PageTitle>Confirm your email address</PageTitle>
      {!s.token && <p>Open the link from the email we sent you.</p>}
      <Notice error={s.error} message={s.message} />
      {s.message && <Link to="/sign-in">Sign in</Link>}
      {(s.error || !s.token) && (
        <>
          <p>Links work once, for 48 hours. Ask for a new one:</p>
          <ResendVerification email="" />
        </>
      )}
    </>
  );
}

export function ConfirmEmail() {
  const s = useTokenAction('/auth/email-change/confirm', 'Your new email address is confirmed.');
  return (
    <>
      <PageTitle>Confirm your new email address</PageTitle>
      <Notice error={s.error} message={s.message} />
    </>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const f = useForm();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  if (!token)
    return (
      <>
        <PageTitle>Reset your password</PageTitle>
        <form onSubmit={(e) => f.run(e, async () => {
          await post('/auth/password-reset/request', { email });
          return `If ${email} has an account, we have sent it a link to choose a new password.`;
        })}>
          <Notice error={f.error} message={f.message} />
          <Field id="email" label="Email address" error={f.error}>
            {(a) => <input {...a} type="email" autoComplete="email" required maxLength={TEXT_LIMITS.email} value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <button disabled={f.busy}>Send the link</button>
        </form>
      </>
    );
  return (
    <>
      <PageTitle>Choose a new password</PageTitle>
      <form onSubmit={(e) => f.run(e, async () => {
        await post('/auth/password-reset/confirm', { token, password });
        return 'Your password is changed. Sign in with it now.';
      })}>
        <Notice error={f.error} message={f.message} />
        <Field id="password" label="New password" hint={PASSWORD_HINT} error={f.error}>
          {(a) => <input {...a} type="password" autoComplete="new-password" required minLength={12} maxLength={TEXT_LIMITS.password} value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <button disabled={f.busy}>Set password</button>
      </form>
      {f.message && <Link to="/sign-in">Sign in</Link>}
    </>
  );
}
