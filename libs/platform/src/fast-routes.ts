import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IncomingHttpHeaders, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/** A request to a fast route: its URL as sent (path and query), its headers and its whole body. */
export interface FastRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a fast route answers: a status, and a JSON body for an error (Nest's shape: statusCode, message, error). */
export interface FastAnswer {
  status: number;
  message?: string;
}

/** A route served before Express and Nest see the request (see FastRoutes). */
export interface FastRoute {
  method: 'POST';
  /** The exact path (no parameters); the query string is not part of the match. */
  path: string;
  /** A larger body is refused with 413 before the handler runs. */
  maxBodyBytes: number;
  handle(request: FastRequest): Promise<FastAnswer>;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 413: 'Payload Too Large', 500: 'Internal Server Error' };

/**
 * Routes taken before Express and Nest: for webhooks that come by the thousand and need none of what the framework
 * adds (Twilio's status callbacks, three for every text: Express's router, body parser and Nest's guards and
 * interceptors were a fifth of the messenger's CPU in a fan-out). Each is an exact method and path; its handler gets the
 * body whole and answers a status, and does its own checking (a signature, say): no API key guard, audit or
 * validation pipe runs for it. Every other request goes on to Express unchanged.
 *
 * Installed in front of the app's HTTP server when the app starts (any app built on CoreModule), so tests that
 * create the app as the services do get them too.
 */
@Injectable()
export class FastRoutes implements OnApplicationBootstrap {
  private readonly logger = new Logger(FastRoutes.name);
  private readonly routes = new Map<string, FastRoute>();
  private installed = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  add(route: FastRoute): void {
    this.routes.set(`${route.method} ${route.path}`, route);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (this.installed || !server || this.routes.size === 0) return;
    const [next] = server.listeners('request') as RequestListener[];
    if (!next) return;
    server.removeListener('request', next);
    server.on('request', this.inFrontOf(next));
    this.installed = true;
  }

  /** A request listener that serves the fast routes and hands anything else to `next`. */
  inFrontOf(next: RequestListener): RequestListener {
    return (request, response) => {
      const url = request.url ?? '/';
      const query = url.indexOf('?');
      const route = this.routes.get(`${request.method} ${query < 0 ? url : url.slice(0, query)}`);
      if (!route) return next(request, response);
      void this.serve(route, request, response);
    };
  }

  private async serve(route: FastRoute, request: IncomingMessage, response: ServerResponse): Promise<void> {
    let answer: FastAnswer;
    try {
      const body = await readBody(request, route.maxBodyBytes);
      answer = body ? await route.handle({ url: request.url ?? '/', headers: request.headers, body }) : { status: 413, message: `the body is larger than ${route.maxBodyBytes} bytes` };
    } catch (error) {
      this.logger.error(`${request.method} ${route.path} failed: ${(error as Error).message}`);
      answer = { status: 500, message: 'Internal server error' };
    }
    if (answer.status < 400) return void response.writeHead(answer.status).end();
    const json = JSON.stringify({ statusCode: answer.status, message: answer.message ?? REASONS[answer.status], error: REASONS[answer.status] ?? 'Error' });
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
  }
}

/** The whole body, or undefined once it passes `max` bytes (the rest is read and dropped, so the answer can be sent). */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    request.once('end', () => resolve(size <= max ? (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) : undefined));
    request.once('error', reject);
  });
}

/** A form-encoded body (application/x-www-form-urlencoded) as its fields (the last of a repeated name); anything else has none. */
export function formFields(request: FastRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return {};
  return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
}
