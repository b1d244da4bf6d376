/**
 * The CNZ hub's web app: routes by user task, each screen loaded on demand
 * (route-based splitting keeps the first screen small).
 */
import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { AuthProvider, useAuth } from './shell/auth';
import { createHubClient } from './shell/client';
import { Layout } from './shell/Layout';
import { Loading } from './shell/states';
import './app.css';

const Home = lazy(() => import('./home/Home'));
const SignIn = lazy(() => import('./sign-in/SignIn'));
const AuthCallback = lazy(() => import('./sign-in/AuthCallback'));
const Directory = lazy(() => import('./organizations/Directory'));
const OrganizationPage = lazy(() => import('./organizations/OrganizationPage'));
const Catalogue = lazy(() => import('./learning/Catalogue'));
const ModulePage = lazy(() => import('./learning/ModulePage'));
const ModuleEditor = lazy(() => import('./learning/ModuleEditor'));
const LearningPlan = lazy(() => import('./learning/LearningPlan'));
const Board = lazy(() => import('./partnerships/Board'));
const OpportunityPage = lazy(() => import('./partnerships/OpportunityPage'));
const Partnerships = lazy(() => import('./partnerships/Partnerships'));
const PartnershipPage = lazy(() => import('./partnerships/PartnershipPage'));
const Inbox = lazy(() => import('./inbox/Inbox'));
const InboxSettings = lazy(() => import('./inbox/InboxSettings'));
const Applications = lazy(() => import('./applications/Applications'));
const ApplicationPage = lazy(() => import('./applications/ApplicationPage'));
const Facilitation = lazy(() => import('./facilitation/Facilitation'));
const FacilitationApplication = lazy(() => import('./facilitation/FacilitationApplication'));
const ReviewDesk = lazy(() => import('./review/ReviewDesk'));
const ReviewRequest = lazy(() => import('./review/ReviewRequest'));
const WaiverList = lazy(() => import('./waivers/WaiverList'));
const WaiverEditor = lazy(() => import('./waivers/WaiverEditor'));
const NotFound = lazy(() => import('./shell/NotFound'));

/** A client per token: signing in or out starts from a fresh cache and a fresh socket. */
function HubClient({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const { token, expire } = auth;
  const hub = useMemo(() => createHubClient(token, expire), [token, expire]);
  useEffect(() => () => hub.dispose(), [hub]);
  return <Provider value={hub.client}>{children}</Provider>;
}

const screen = (element: ReactNode) => <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>;

function App() {
  return (
    <AuthProvider>
      <HubClient>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={screen(<Home />)} />
              <Route path="sign-in" element={screen(<SignIn />)} />
              <Route path="auth/callback" element={screen(<AuthCallback />)} />
              <Route path="network" element={screen(<Directory />)} />
              <Route path="network/:slug" element={screen(<OrganizationPage />)} />
              <Route path="learning" element={screen(<Catalogue />)} />
              <Route path="learning/plan" element={screen(<LearningPlan />)} />
              <Route path="learning/new" element={screen(<ModuleEditor />)} />
              <Route path="learning/modules/:id" element={screen(<ModulePage />)} />
              <Route path="learning/modules/:id/edit" element={screen(<ModuleEditor />)} />
              <Route path="b2e" element={screen(<Board />)} />
              <Route path="b2e/partnerships" element={screen(<Partnerships />)} />
              <Route path="b2e/partnerships/:id" element={screen(<PartnershipPage />)} />
              <Route path="b2e/opportunities/:id" element={screen(<OpportunityPage />)} />
              <Route path="inbox" element={screen(<Inbox />)} />
              <Route path="inbox/settings" element={screen(<InboxSettings />)} />
              <Route path="applications" element={screen(<Applications />)} />
              <Route path="applications/:id" element={screen(<ApplicationPage />)} />
              <Route path="facilitation" element={screen(<Facilitation />)} />
              <Route path="facilitation/applications/:id" element={screen(<FacilitationApplication />)} />
              <Route path="review" element={screen(<ReviewDesk />)} />
              <Route path="review/:id" element={screen(<ReviewRequest />)} />
              <Route path="waivers" element={screen(<WaiverList />)} />
              <Route path="waivers/:id" element={screen(<WaiverEditor />)} />
              <Route path="*" element={screen(<NotFound />)} />
            </Route>
          </Routes>
        </BrowserRouter>
      </HubClient>
    </AuthProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
