import { parseSmsAnswer } from './answer-parser';

describe('parseSmsAnswer', () => {
  it('takes exactly "1" as yes and "2" as still having trouble, spaces around them aside', () => {
    expect(parseSmsAnswer('1')).toBe('yes');
    expect(parseSmsAnswer('2')).toBe('trouble');
    expect(parseSmsAnswer('  2 \n')).toBe('trouble');
  });

  it.each(['STOP', 'stop', 'START', 'HELP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'STOPALL', 'INFO', 'YES', 'yes', 'no', 'NO'])(
    'never takes %s (opt-out, help and other words are not answers)',
    (word) => expect(parseSmsAnswer(word)).toBeNull(),
  );

  it.each(['', ' ', '12', '1 2', '3', '0', '1.', '#2', '２', 'one', 'I still have trouble, 2 days now'])('does not take %j', (body) =>
    expect(parseSmsAnswer(body)).toBeNull(),
  );
});
