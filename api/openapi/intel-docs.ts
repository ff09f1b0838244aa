import { brainListQuery, decideBody } from '../routes/brain-routes';
import { newReferralBody, referralCodeParam, referralLinkQuery } from '../routes/growth-routes';
import { optimizeBody, recommendationIdParam, recommendationsQuery } from '../routes/pricing-routes';
import type { RouteDoc } from './route-doc';

const running = {
  200: 'Finished within waitSeconds: `{ workflowId, status, result | error }`',
  202: 'Still running: `{ workflowId, status: "running" }`',
};

/** Pricing AI, AI ops brain and referrals (README "Pricing AI", "AI ops brain", "Referrals"). */
export const intelDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/pricing/optimize',
    tag: 'Pricing',
    auth: 'dashKey',
    body: optimizeBody,
    summary: 'Run the pricing AI now: recommendations per client and plan, stored, never applied',
    description:
      'The result has `message` ("not enough data: …" when no client or plan has PRICING_MIN_TASKS billed tasks) and `recommendations[] { id, subjectKind, subjectId, decision, reason }`.',
    responses: running,
  },
  {
    method: 'get',
    path: '/api/pricing/recommendations',
    tag: 'Pricing',
    auth: 'dashKey',
    query: recommendationsQuery,
    summary: 'Stored pricing recommendations with their inputs, newest first',
    responses: {
      200: '`{ items: [{ id, subjectKind, subjectId, decision, current, recommended, reason, explanation, inputs, appliedAt }], nextBefore }`',
    },
  },
  {
    method: 'post',
    path: '/api/pricing/recommendations/:id/apply',
    tag: 'Pricing',
    auth: 'dashKey',
    params: recommendationIdParam,
    summary: "Apply a recommendation to the client's (or every plan client's) rates; audited",
    responses: {
      200: 'The recommendation, now with `appliedAt`, and `clientsUpdated`',
      404: 'No such recommendation',
      409: 'Applied already, or a "not enough data" recommendation that changes nothing',
    },
  },
  {
    method: 'post',
    path: '/api/brain/decide',
    tag: 'Ops brain',
    auth: 'dashKey',
    body: decideBody,
    summary: 'Ask the AI ops brain now; its recommendations are stored, nothing is acted on',
    description:
      'An answer from QA_MODEL that does not fit `{ recommendations: [{ action, target, severity, rationale }] }` fails the run (`status: "failed"`).',
    responses: { ...running, 503: 'No LLM key: the brain needs one (`llm_not_configured`)' },
  },
  {
    method: 'get',
    path: '/api/brain/recommendations',
    tag: 'Ops brain',
    auth: 'dashKey',
    query: brainListQuery,
    summary: 'Stored ops brain recommendations, newest first, each linked to its schedule, task or client',
    responses: {
      200: '`{ items: [{ id, runId, action, target: { kind, id, link }, severity, rationale }], nextBefore }`',
    },
  },
  {
    method: 'post',
    path: '/api/growth/referral/new',
    tag: 'Referrals',
    auth: 'dashKey',
    body: newReferralBody,
    summary: 'A new referral code `EP-XXXXXX` for a client, with its signed share URL',
    responses: { 201: '`{ code, shareUrl, clientId, rewardPercent }`', 503: 'SESSION_SECRET is not set' },
  },
  {
    method: 'get',
    path: '/api/growth/referrals',
    tag: 'Referrals',
    auth: 'dashKey',
    summary: 'Every referral code: uses, discounts and credits given, revenue from the referred clients',
    responses: { 200: '`{ currency, items: [{ code, clientId, rewardPercent, uses, revenueCents, … }], totals }`' },
  },
  {
    method: 'get',
    path: '/referral/:code',
    tag: 'Referrals',
    auth: 'public',
    params: referralCodeParam,
    query: referralLinkQuery,
    summary: 'The signed share link: checks the signature, names the code and its reward',
    responses: {
      200: '`{ code, valid: true, rewardPercent }`',
      403: 'Altered link (the signature does not cover this code)',
      404: 'Unknown code',
      503: 'SESSION_SECRET is not set',
    },
  },
];
