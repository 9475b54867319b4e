import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { chooseEncoding, matches, Resource } from './resource';

/**
 * Everything the page serves, as bytes in memory, replaced as a whole when the status changes (see Publisher). A
 * request costs a map lookup and a write: the page holds up when everyone looks at once, and a CDN in front can keep
 * each answer by its ETag and Cache-Control. Served as Express middleware, ahead of Nest's router.
 */
@Injectable()
export class Publication {
  private resources = new Map<string, Resource>();
  private notFound: Resource | null = null;

  /** Replaces everything at once: a reader never sees half of one status and half of the next. */
  publish(resources: Map<string, Resource>, notFound: Resource): void {
    this.resources = resources;
    this.notFound = notFound;
  }

  get(path: string): Resource | undefined {
    return this.resources.get(path);
  }

  /**
   * GET and HEAD of a published path. The paths under `routes` (Nest's own: forms, health) go on to Nest, and so
   * does everything before the first publication; any other GET is answered with the page's own 404.
   */
  middleware(routes: string[]): (request: Request, response: Response, next: NextFunction) => void {
    return (request, response, next) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      const found = this.resources.get(request.path);
      if (found) return this.send(request, response, found);
      if (!this.notFound || routes.some((route) => request.path === route || request.path.startsWith(`${route}/`))) return next();
      this.send(request, response, this.notFound);
    };
  }

  private send(request: Request, response: Response, found: Resource): void {
    response.setHeader('etag', found.etag);
    response.setHeader('cache-control', found.cacheControl);
    response.setHeader('vary', 'Accept-Encoding');
    if (found.cors) response.setHeader('access-control-allow-origin', '*');
    if (found.status === 200 && matches(request.headers['if-none-match'], found.etag)) {
      response.statusCode = 304;
      response.end();
      return;
    }
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    const body = encoding ? found.encoded(encoding) : found.body;
    response.statusCode = found.status;
    response.setHeader('content-type', found.type);
    response.setHeader('content-length', body.length);
    if (encoding) response.setHeader('content-encoding', encoding);
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}
