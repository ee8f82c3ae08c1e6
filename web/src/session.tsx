import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { get, setCsrfToken, type Session } from './api';

interface SessionState {
  session: Session | null;
  refresh(): Promise<void>;
  set(s: Session): void;
  /** The session of a visitor: after signing out, or when the server cannot say. */
  signedOut(): void;
  has(role: string): boolean;
}

const Ctx = createContext<SessionState | null>(null);
const VISITOR: Session = { user: null, roles: ['visitor'], csrfToken: null, curatesCollections: false };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const set = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  }, []);
  const refresh = useCallback(async () => set(await get<Session>('/auth/session')), [set]);
  const signedOut = useCallback(() => set(VISITOR), [set]);
  useEffect(() => {
    refresh().catch(signedOut);
  }, [refresh, signedOut]);
  const has = (role: string) => (session?.roles as readonly string[] | undefined)?.includes(role) ?? false;
  return <Ctx.Provider value={{ session, refresh, set, signedOut, has }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
