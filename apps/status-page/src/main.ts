import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { StatusPageModule } from './app.module';
import { statusPageConfig } from './config/env';
import { Publication } from './publication/publication';

/**
 * Headers for every answer: the page's own scripts, styles and images only (nothing inline, no CDN); it may not be
 * framed; forms post only to itself. The banner script and the JSON it reads are meant for other origins: those
 * answers carry `Access-Control-Allow-Origin: *` (public data, never credentials), set per resource.
 */
function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader(
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  );
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  next();
}

/**
 * Files served as they are on disk, under /static/ (express.static: a stat and a read per request, ETag and
 * Last-Modified). Nothing of the page lives there; `npm run bench` measures the page against a file of it, served by
 * the same process. Beside main.js in the build (nest-cli assets), beside main.ts in the sources.
 */
const STATIC_DIR = join(__dirname, 'assets', 'static');

/** The paths Nest answers itself; every other GET is a published resource or the page's 404. */
const NEST_ROUTES = ['/health', '/test', '/subscribe'];

async function main(): Promise<void> {
  const config = statusPageConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(StatusPageModule.forRoot(config));
  app.disable('x-powered-by');
  // Behind a proxy or CDN: the reader's address (subscription requests are limited per address) comes from it.
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.set('etag', false);
  app.use(securityHeaders);
  // Ahead of the Publication, which answers everything else: a file missing under /static/ falls through to its 404.
  app.useStaticAssets(STATIC_DIR, { prefix: '/static/', index: false, redirect: false, maxAge: '1d' });
  app.use(app.get(Publication).middleware(NEST_ROUTES));
  app.enableShutdownHooks();
  const logger = new Logger('status-page');
  if (config.testClock) logger.warn("TEST_CLOCK is on: the status page's time can be moved over HTTP (tests only)");
  await app.listen(config.port, config.host);
  logger.log(`status page listening on http://${config.host}:${config.port} (customers reach it at ${config.publicUrl})`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
