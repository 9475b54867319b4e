import { applyDecorators, Header } from '@nestjs/common';

/**
 * A public HTML page behind a signed link: HTML, never cached (it shows her settings), never indexed, and no Referer
 * when she follows a link out of it (the token is in the URL). The place to mark these routes public for an API-key
 * guard, once there is one.
 */
export function PublicPage(): MethodDecorator {
  return applyDecorators(
    Header('content-type', 'text/html; charset=utf-8'),
    Header('cache-control', 'no-store'),
    Header('referrer-policy', 'no-referrer'),
    Header('x-robots-tag', 'noindex'),
  );
}
