import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ConsoleModule } from './app.module';
import { consoleConfig } from './config/env';
import { SessionCookie } from './sessions/session-cookie';

/**
 * Headers for every answer: scripts, styles, images and connections only from the console itself (nothing inline,
 * no CDN), no framing, no MIME sniffing, forms post only here. Pages are never cached (they show live, personal data).
 */
function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader(
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  );
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('referrer-policy', 'same-origin');
  if (!request.path.startsWith('/assets/')) response.setHeader('cache-control', 'no-store');
  next();
}

async function main(): Promise<void> {
  const config = consoleConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config));
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.enableShutdownHooks();
  const logger = new Logger('console');
  if (!new SessionCookie(config.publicUrl).secure) logger.warn(`CONSOLE_URL ${config.publicUrl} is plain http on a public name: session cookies cannot be Secure; serve the console over https`);
  if (config.testClock) logger.warn("TEST_CLOCK is on: the console's time can be moved over HTTP (tests only)");
  await app.listen(config.port, config.host);
  logger.log(`console listening on http://${config.host}:${config.port} (people reach it at ${config.publicUrl})`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
