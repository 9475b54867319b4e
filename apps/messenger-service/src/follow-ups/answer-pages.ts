import { FollowUpAnswer } from './follow-up.entity';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36rem; margin: 0 auto; padding: 1rem;">
<main>
<h1 style="font-size: 1.4rem;">${escape(title)}</h1>
${body}
</main>
</body>
</html>`;
}

const WORDS: Record<FollowUpAnswer, string> = { yes: 'Yes, it works', trouble: 'No, I still have trouble' };

/**
 * What an answer link opens: a page that records the answer by POST. Mail scanners fetch every link in an email;
 * a GET that recorded the answer would let them answer for her. The one-line script submits at once for a person;
 * the button does it without JavaScript.
 */
export function confirmPage(followUpId: string, answer: FollowUpAnswer, signature: string): string {
  const action = `/follow-ups/${encodeURIComponent(followUpId)}/answer`;
  return page(
    'Thank you for answering',
    `<form method="post" action="${escape(action)}">
<input type="hidden" name="answer" value="${escape(answer)}">
<input type="hidden" name="signature" value="${escape(signature)}">
<p>Your answer: <strong>${escape(WORDS[answer])}</strong></p>
<button type="submit">Send my answer</button>
</form>
<script>document.forms[0].submit();</script>`,
  );
}

/** After the answer is recorded (or was already). */
export function thanksPage(answer: FollowUpAnswer): string {
  return answer === 'trouble'
    ? page('Thanks, we are on it', '<p>We are sorry it still does not work. We are on it and will keep you posted.</p>')
    : page('Thanks for letting us know', '<p>Glad it works again.</p>');
}

/** A link whose signature does not match: tampered with, or not ours. */
export function refusedPage(): string {
  return page('This link is not valid', '<p>Please use the link exactly as it came in our email.</p>');
}
