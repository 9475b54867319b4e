import { applyDecorators, Header } from '@nestjs/common';
import { Public } from '@prespond/platform';

/**
 * A public HTML page behind a signed link: HTML, never cached (it shows her settings), never indexed, and no Referer
 * when she follows a link out of it (the token is in the URL). Public: the signed link is the credential, no API key.
 */
export function PublicPage(): MethodDecorator {
  return applyDecorators(
    Public(),
    Header('content-type', 'text/html; charset=utf-8'),
    Header('cache-control', 'no-store'),
    Header('referrer-policy', 'no-referrer'),
    Header('x-robots-tag', 'noindex'),
  );
}
