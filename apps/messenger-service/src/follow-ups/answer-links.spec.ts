import { answerLink, signAnswer, verifyAnswer } from './answer-links';

describe('answer links', () => {
  const secret = 'a-secret-of-enough-length';
  const id = '3f2d7a9e-2b4c-4c1e-9a55-6f1b0e8d7c21';
  const other = '9b1e6c3a-7d2f-4e8a-b1c4-2a5d8e0f3b96';

  it('verifies a signature made for the same follow-up and answer', () => {
    expect(verifyAnswer(secret, id, 'trouble', signAnswer(secret, id, 'trouble'))).toBe(true);
    expect(verifyAnswer(secret, id, 'yes', signAnswer(secret, id, 'yes'))).toBe(true);
  });

  it('refuses a signature moved to another answer, another follow-up or made with another secret', () => {
    const yes = signAnswer(secret, id, 'yes');
    expect(verifyAnswer(secret, id, 'trouble', yes)).toBe(false);
    expect(verifyAnswer(secret, other, 'yes', yes)).toBe(false);
    expect(verifyAnswer('another-secret-entirely', id, 'yes', yes)).toBe(false);
  });

  it('refuses tampered, truncated or empty signatures and unknown answers', () => {
    const sig = signAnswer(secret, id, 'trouble');
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyAnswer(secret, id, 'trouble', flipped)).toBe(false);
    expect(verifyAnswer(secret, id, 'trouble', sig.slice(0, -1))).toBe(false);
    expect(verifyAnswer(secret, id, 'trouble', '')).toBe(false);
    expect(verifyAnswer(secret, id, 'maybe', sig)).toBe(false);
  });

  it('builds a link to the answer page carrying the answer and its signature', () => {
    const url = new URL(answerLink('http://127.0.0.1:3003', secret, id, 'yes'));
    expect(url.pathname).toBe(`/follow-ups/${id}/answer`);
    expect(url.searchParams.get('answer')).toBe('yes');
    expect(verifyAnswer(secret, id, 'yes', url.searchParams.get('signature')!)).toBe(true);
  });
});
