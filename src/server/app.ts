import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { routeValidator } from './service-checked.js';
import { VISITOR, type Viewer } from '../hub/platform/access.js';
import { viewerFromSession } from '../hub/accounts/accounts.js';
import type { Hub } from '../hub/platform/context.js';
import { findBadText } from '../hub/platform/validate.js';
import { errorHandler, sendError } from './errors.js';
import { registerRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string; response?: unknown }[];
  }
  interface FastifyRequest {
    viewer: Viewer;
    /** The session behind the cookie, when there is one. */
    session: { token: string; csrfToken: string } | null;
  }
}

export const SESSION_COOKIE = 'proximity_session';
/** The SHA-256 of the style attribute swagger-ui sets (Chromium names it in the violation it reports without it). */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AppOptions {
  hub: Hub;
  sessionSecret: string;
  secureCookies?: boolean;
  authRateLimit?: number;
  trustProxy?: boolean;
  webDir?: string;
  /** Whether the database answers (for /api/ready). */
  ready?: () => Promise<boolean>;
  logger?: FastifyServerOptions['logger'];
}

/**
 * What the logs may show of a request: no query string (it can hold a one-time link's token), no
 * cookies, no authorisation header, and never a body.
 */
export const LOG_SERIALIZERS = {
  req(req: { method: string; url: string; ip?: string; id?: string }) {
    return { id: req.id, method: req.method, url: req.url.split('?')[0], ip: req.ip };
  },
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 256 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  // every route, for the permission-matrix test (a route without an entry there fails it), with its answers' schemas
  const routeList: { method: string; url: string; response?: unknown }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: r.url, response: r.schema?.response });
  });
  app.setValidatorCompiler(routeValidator);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // the graph layout (ForceAtlas2) runs in a worker, a script of the app's own (web/src/layout-worker.ts)
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: options.secureCookies ? undefined : false,
  });
  await app.register(cookie, { secret: options.sessionSecret });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Proximity API',
        version: '0.1.0',
        description:
          'The hub of an innovation network: accounts and sessions, organisations, the member directory, and the knowledge library (items, the curation workflow, search with facets, collections and communities, feeds, exports, citations, files, followed searches, taxonomies), data sets and their analyses (regional capabilities, knowledge networks) as reports and jobs, and the commissioned research programme (calls, applications, conflicts of interest, reviewer assignment, reviews, panels, decisions, awards, reports, outcomes, the portfolio). Errors share one shape, {"error": {"code", "message", "details": {"issues": [{"field", "message"}]}}}. Writes from a signed-in browser carry the session\'s CSRF token in x-csrf-token.',
      },
      tags: [
        { name: 'system', description: 'Health and readiness' },
        { name: 'accounts', description: 'Sign-up, email verification, sign-in and sessions, password reset and change, email change' },
        { name: 'reference', description: 'Taxonomies: disciplines, sectors, regions (ITL 2021), themes, technologies, audiences' },
        { name: 'directory', description: 'Member profiles and the directory search' },
        { name: 'organisations', description: 'Organisations: the index with facets, pages, and edits' },
        { name: 'library', description: 'The knowledge library: items and their workflow, search, collections, feeds, exports, citations, files' },
        { name: 'datasets', description: 'Data sets: region × activity tables and bibliographic or project records, uploaded or bundled, with versions and visibility' },
        { name: 'analyses', description: "The regional capabilities and knowledge network analyses of a data set, each a report {columns, rows, notices, meta} (JSON or CSV), run directly or as a job with progress; graph exports" },
        { name: 'programmes', description: 'The commissioned research programme: mechanisms, calls and their forms, applications, screening, the reviewer pool, conflicts of interest, assignment, reviews, the panel, decisions and letters, awards, reports, outcomes, the portfolio, the sandpit' },
        { name: 'admin', description: 'Users and roles, the audit log, the outbox (administrators)' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // swagger-ui sets one style attribute of its own; allow exactly that one (by its hash), not inline styles at large
    transformStaticCSP: (header) => header.replace("style-src 'self' https:", `style-src 'self' https: 'unsafe-hashes' ${SWAGGER_UI_STYLE_HASH}`),
  });

  app.decorateRequest('viewer', null as never);
  app.decorateRequest('session', null);

  // who is asking, and CSRF: a cookie-authenticated write must carry the session's token in a header;
  // any write from a browser must come from our own origin
  app.addHook('onRequest', async (request, reply) => {
    request.viewer = VISITOR;
    request.session = null;
    if (!request.url.startsWith('/api/')) return;
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (unsigned?.valid && unsigned.value) {
      const found = await viewerFromSession(options.hub, unsigned.value);
      if (found) {
        request.viewer = found.viewer;
        request.session = { token: unsigned.value, csrfToken: found.csrfToken };
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    if (UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && origin !== `${request.protocol}://${request.host}`) {
        return sendError(reply, 403, 'forbidden', 'cross-origin request refused');
      }
      if (request.session && request.headers['x-csrf-token'] !== request.session.csrfToken) {
        return sendError(reply, 403, 'csrf', 'missing or wrong x-csrf-token header: read it from GET /api/auth/session');
      }
    }
  });

  // the one string rule (no NUL, no unpaired surrogate) on every query, path and body field, before any schema
  app.addHook('preValidation', async (request, reply) => {
    for (const part of [request.params, request.query, request.body]) {
      const bad = findBadText(part);
      if (bad) return sendError(reply, 400, 'validation', `${bad.field}: ${bad.message}`, { issues: [bad] });
    }
  });

  await app.register(
    async (api) => {
      await registerRoutes(api.withTypeProvider<ZodTypeProvider>(), {
        hub: options.hub,
        secureCookies: options.secureCookies ?? false,
        authRateLimit: options.authRateLimit ?? 20,
        ready: options.ready ?? (async () => true),
      });
    },
    { prefix: '/api' },
  );

  const webDir = options.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, index: false, wildcard: false, maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api') && webDir && existsSync(join(webDir, 'index.html'))) {
      // the web app routes in the browser: every page is its index.html
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webDir);
    }
    return sendError(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
  });
  return app;
}
