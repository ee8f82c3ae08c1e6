import { Link, NavLink, Route, Routes, useNavigate } from 'react-router';
import { post } from './api';
import { SessionProvider, useSession } from './session';
import { Home } from './pages/Home';
import { SignIn, SignUp, VerifyEmail, ResetPassword, ConfirmEmail } from './pages/Auth';
import { Directory } from './pages/Directory';
import { MemberPage } from './pages/Member';
import { OrganisationPage } from './pages/Organisation';
import { Organisations } from './pages/Organisations';
import { EditProfile, MyProfile } from './pages/MyProfile';
import { Admin } from './pages/Admin';
import { Library } from './pages/Library';
import { LibraryItem } from './pages/LibraryItem';
import { EditItem, NewItem } from './pages/ItemEditor';
import { CuratorQueue, MyLibrary } from './pages/LibraryLists';
import { CollectionPage, Collections } from './pages/Collections';
import { Taxonomies } from './pages/Taxonomies';
import { lazy, Suspense } from 'react';
import { CallEditor, CallPage, Calls, MyApplications } from './pages/Calls';
import { ApplicationPage, JoinTeam } from './pages/Application';
import { ManageCall } from './pages/ManageCall';
import { MyReviews, ReviewPage } from './pages/Reviews';
import { ReviewerPool } from './pages/ReviewerPool';
import { FormBuilder } from './pages/FormBuilder';
import { EventEditor } from './pages/EventEditor';
import { CheckInPage, ConfirmRegistration, EventNumbersPage, EventPage, Events, ManageEvent, ManageRegistration } from './pages/Events';
import { ConfirmResponse, ConsultationEditor, ConsultationPage, ConsultationResultsPage, Consultations } from './pages/Consultations';
import { ConfirmSignUp, PreferencesPage, StayInformed, Unsubscribe } from './pages/Preferences';
import { ContactPage, DigestPreviewPage, ImportContacts, NewContact, Stakeholders } from './pages/Stakeholders';

// the portfolio's charts: loaded when it opens
const Portfolio = lazy(() => import('./pages/Awards').then((m) => ({ default: m.Portfolio })));
const Awards = lazy(() => import('./pages/Awards').then((m) => ({ default: m.Awards })));
const AwardPage = lazy(() => import('./pages/Awards').then((m) => ({ default: m.AwardPage })));

// the explorers bring the chart and graph libraries: loaded when they open, not with every page
const Regions = lazy(() => import('./pages/Regions').then((m) => ({ default: m.Regions })));
const Networks = lazy(() => import('./pages/Networks').then((m) => ({ default: m.Networks })));
import { PageTitle } from './ui';

export function App() {
  return (
    <SessionProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main">
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="/sign-up" element={<SignUp />} />
          <Route path="/verify-email" element={<VerifyEmail />} />
          <Route path="/reset-password" element={<ResetPassword />} />
          <Route path="/confirm-email" element={<ConfirmEmail />} />
          <Route path="/directory" element={<Directory />} />
          <Route path="/members/:id" element={<MemberPage />} />
          <Route path="/members/:id/edit" element={<EditProfile />} />
          <Route path="/organisations" element={<Organisations />} />
          <Route path="/organisations/:id" element={<OrganisationPage />} />
          <Route path="/me" element={<MyProfile />} />
          <Route path="/library" element={<Library />} />
          <Route path="/library/new" element={<NewItem />} />
          <Route path="/library/mine" element={<MyLibrary />} />
          <Route path="/library/queue" element={<CuratorQueue />} />
          <Route path="/library/collections" element={<Collections />} />
          <Route path="/library/collections/:slug" element={<CollectionPage />} />
          <Route path="/library/taxonomies" element={<Taxonomies />} />
          <Route path="/library/taxonomies/:taxonomy" element={<Taxonomies />} />
          <Route path="/library/:id" element={<LibraryItem />} />
          <Route path="/library/:id/edit" element={<EditItem />} />
          <Route path="/regions" element={<Suspense fallback={<p>Loading…</p>}><Regions /></Suspense>} />
          <Route path="/networks" element={<Suspense fallback={<p>Loading…</p>}><Networks /></Suspense>} />
          <Route path="/calls" element={<Calls />} />
          <Route path="/calls/new" element={<CallEditor />} />
          <Route path="/calls/:slug" element={<CallPage />} />
          <Route path="/calls/:slug/edit" element={<CallEditor />} />
          <Route path="/applications" element={<MyApplications />} />
          <Route path="/applications/join" element={<JoinTeam />} />
          <Route path="/applications/:id" element={<ApplicationPage />} />
          <Route path="/reviews" element={<MyReviews />} />
          <Route path="/reviews/:id" element={<ReviewPage />} />
          <Route path="/awards" element={<Suspense fallback={<p>Loading…</p>}><Awards /></Suspense>} />
          <Route path="/awards/:id" element={<Suspense fallback={<p>Loading…</p>}><AwardPage /></Suspense>} />
          <Route path="/programme/calls/:slug" element={<ManageCall />} />
          <Route path="/programme/calls/:slug/forms/:stage" element={<FormBuilder />} />
          <Route path="/programme/reviewers" element={<ReviewerPool />} />
          <Route path="/programme/portfolio" element={<Suspense fallback={<p>Loading…</p>}><Portfolio /></Suspense>} />
          <Route path="/events" element={<Events />} />
          <Route path="/events/past" element={<Events past />} />
          <Route path="/events/new" element={<EventEditor />} />
          <Route path="/events/report" element={<EventNumbersPage />} />
          <Route path="/events/confirm" element={<ConfirmRegistration />} />
          <Route path="/events/:slug" element={<EventPage />} />
          <Route path="/events/:slug/edit" element={<EventEditor />} />
          <Route path="/events/:slug/manage" element={<ManageEvent />} />
          <Route path="/events/:slug/check-in" element={<CheckInPage />} />
          <Route path="/registrations/manage" element={<ManageRegistration />} />
          <Route path="/consultations" element={<Consultations />} />
          <Route path="/consultations/new" element={<ConsultationEditor />} />
          <Route path="/consultations/:slug/edit" element={<ConsultationEditor />} />
          <Route path="/consultations/confirm" element={<ConfirmResponse />} />
          <Route path="/consultations/:slug" element={<ConsultationPage />} />
          <Route path="/consultations/:slug/results" element={<ConsultationResultsPage />} />
          <Route path="/stakeholders" element={<Stakeholders />} />
          <Route path="/stakeholders/new" element={<NewContact />} />
          <Route path="/stakeholders/import" element={<ImportContacts />} />
          <Route path="/stakeholders/digest" element={<DigestPreviewPage />} />
          <Route path="/stakeholders/contacts/:id" element={<ContactPage />} />
          <Route path="/stakeholders/confirm" element={<ConfirmSignUp />} />
          <Route path="/stay-informed" element={<StayInformed />} />
          <Route path="/preferences" element={<PreferencesPage />} />
          <Route path="/unsubscribe" element={<Unsubscribe />} />
          <Route path="/admin/*" element={<Admin />} />
          <Route path="*" element={<PageTitle>Page not found</PageTitle>} />
        </Routes>
      </main>
      <footer>
        <p>
          Proximity, an open platform for innovation networks. <a href="/api/docs">API documentation</a>
        </p>
      </footer>
    </SessionProvider>
  );
}

function Header() {
  const { session, signedOut, has } = useSession();
  const navigate = useNavigate();
  const signOut = async () => {
    await post('/auth/sign-out');
    signedOut();
    navigate('/');
  };
  return (
    <header>
      <Link to="/" className="brand">
        Proximity
      </Link>
      <nav aria-label="Main">
        <NavLink to="/directory">Directory</NavLink>
        <NavLink to="/organisations">Organisations</NavLink>
        <NavLink to="/library">Library</NavLink>
        <NavLink to="/calls">Funding</NavLink>
        <NavLink to="/events">Events</NavLink>
        <NavLink to="/regions">Regions</NavLink>
        <NavLink to="/networks">Networks</NavLink>
        {session?.user && <NavLink to="/me">My profile</NavLink>}
        {has('administrator') && <NavLink to="/admin/users">Admin</NavLink>}
        {session && !session.user && <NavLink to="/sign-in">Sign in</NavLink>}
        {session && !session.user && <NavLink to="/sign-up">Join</NavLink>}
        {session?.user && (
          <button type="button" className="link" onClick={signOut}>
            Sign out <span className="visually-hidden">({session.user.email})</span>
          </button>
        )}
      </nav>
    </header>
  );
}
