import { assetParam } from '../routes/dashboard-routes';
import { taskIdParam } from '../routes/task-routes';
import type { RouteDoc } from './route-doc';

const page = 'HTML page (CSP without inline scripts, frame-ancestors none, Referrer-Policy no-referrer)';

/**
 * The operator dashboard (README "Dashboard"). Its pages take the session cookie, not X-Dash-Key; the
 * admin routes it calls accept either (with the cookie, a state change needs `X-CSRF-Token`).
 */
export const dashboardDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/dashboard',
    tag: 'Dashboard',
    auth: 'public',
    html: true,
    summary: 'The operator dashboard when signed in, else the sign-in form',
    responses: { 200: page },
  },
  {
    method: 'get',
    path: '/dashboard/tasks/:taskId',
    tag: 'Dashboard',
    auth: 'public',
    html: true,
    params: taskIdParam,
    summary: "A task's page: attempts, QA feedback, result, cancel and replay (session cookie)",
    responses: { 200: page, 303: 'Not signed in: to the sign-in form' },
  },
  {
    method: 'post',
    path: '/dashboard/login',
    tag: 'Dashboard',
    auth: 'public',
    html: true,
    summary: 'Sign in with the dashboard key (form fields `key` and `csrf`, the nonce of the form)',
    description:
      'Sets the session cookie `echopilot_dash` (HttpOnly, SameSite=Strict, Secure over https, Max-Age ' +
      'DASHBOARD_SESSION_HOURS), signed with SESSION_SECRET. A wrong key is a strike toward the same IP ban ' +
      'as a wrong X-Dash-Key.',
    responses: {
      303: 'Signed in: to /dashboard',
      401: 'Wrong key (the form again)',
      403: "The form's nonce is missing or does not match its cookie",
      429: 'Banned after repeated wrong keys (Retry-After)',
    },
  },
  {
    method: 'post',
    path: '/dashboard/logout',
    tag: 'Dashboard',
    auth: 'public',
    html: true,
    summary: 'Sign out (form field `csrf` or header X-CSRF-Token): the session ends and its cookie is cleared',
    responses: { 303: 'To the sign-in form', 403: 'Missing or invalid CSRF token' },
  },
  {
    method: 'get',
    path: '/dashboard/assets/:file',
    tag: 'Dashboard',
    auth: 'public',
    html: true,
    params: assetParam,
    summary: "The page's scripts and styles, and the chart library (uPlot) vendored from node_modules",
    responses: { 200: 'text/javascript or text/css' },
  },
];
