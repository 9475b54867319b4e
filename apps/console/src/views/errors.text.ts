/** The error pages' words. */
export const ERROR_TEXT = {
  notFound: { title: 'Page not found', body: 'There is no page at this address. Check it, or go back to the start.' },
  forbidden: { title: 'Not for your role', body: 'You are signed in as {{name}} with the role {{role}}. This needs {{needed}}. Ask an admin if you should have it.' },
  csrf: { title: 'That did not go through', body: 'The form was out of date or did not come from this console, so nothing was changed. Go back, reload the page and try again.' },
  unavailable: { title: 'A service is not answering', body: 'Nothing was lost: try again in a moment. If it goes on, check the services’ health.' },
  failed: { title: 'Something went wrong', body: 'The console could not do this. Try again; if it goes on, tell whoever runs Prespond (the console log says why).' },
  back: 'Back to the start',
} as const;
