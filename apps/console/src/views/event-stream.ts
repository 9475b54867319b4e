import type { Request, Response } from 'express';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * A server-sent event stream that follows a service while the page is open: `read` is asked every `pollMs` (never
 * twice at once) and its answer is pushed as `event` whenever it changed; a failed read is pushed as `unavailable`
 * and asked again at the next tick. The stream ends when the page goes away.
 */
export function streamChanges(request: Request, response: Response, event: string, pollMs: number, read: () => Promise<unknown>): void {
  response.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  response.flushHeaders();
  let last = '';
  let busy = false;
  let lastWrite = Date.now();
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const data = JSON.stringify(await read());
      if (data !== last) {
        last = data;
        response.write(`event: ${event}\ndata: ${data}\n\n`);
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite > KEEPALIVE_MS) {
        response.write(': still here\n\n');
        lastWrite = Date.now();
      }
    } catch (error) {
      response.write(`event: unavailable\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), pollMs);
  void tick();
  request.on('close', () => clearInterval(timer));
}

/** The email preview's own policy: shown only inside the console's frame; its inline styles are the email's; no script. */
const EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** An email's HTML for a preview frame (404 with a short page when there is none to show). */
export function sendEmailPreview(response: Response, html: string | undefined): void {
  response.setHeader('content-security-policy', EMAIL_FRAME_CSP);
  response.setHeader('x-frame-options', 'SAMEORIGIN');
  response.status(html ? 200 : 404).type('html').send(html ?? '<!doctype html><html lang="en"><title>No preview</title><p>No email to preview.</p></html>');
}
