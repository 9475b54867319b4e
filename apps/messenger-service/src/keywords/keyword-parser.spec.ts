import { parseSmsAnswer } from '../follow-ups/answer-parser';
import { optOutWish, parseInboundSms, parseKeyword } from './keyword-parser';

describe('SMS keywords', () => {
  it.each([
    ['STOP', 'stop'], ['stop', 'stop'], ['Stop', 'stop'], ['  sToP \n', 'stop'], ['STOPALL', 'stop'], ['unsubscribe', 'stop'],
    ['Cancel', 'stop'], ['END', 'stop'], ['quit', 'stop'], ['REVOKE', 'stop'], ['OptOut', 'stop'],
    ['START', 'start'], ['unstop', 'start'], ['Yes', 'start'], ['YES ', 'start'],
    ['HELP', 'help'], ['help', 'help'], ['Info', 'help'],
  ])('takes %j as %s', (body, keyword) => {
    expect(parseKeyword(body)).toBe(keyword);
    expect(parseInboundSms(body)).toEqual({ kind: 'keyword', keyword, word: body.trim().toUpperCase(), byTwilio: false });
  });

  it.each(['STOP.', 'stop please', 'STOP STOP', 'S T O P', 'opt out', 'yes!', 'helpme', '', '   '])('takes %j as no keyword', (body) => {
    expect(parseKeyword(body)).toBeNull();
  });

  it('flags free text that sounds like a wish to stop, without opting out', () => {
    for (const body of [
      'stop texting me',
      'please unsubscribe',
      'Please unsubscribe me',
      'no more messages',
      'No more texts please!!',
      'STOP.',
      "don't text me again",
      'do not contact me',
      'remove me from this list',
      'take my number off',
      'cancel these texts',
      'I want to opt out',
      'leave me alone',
    ]) {
      const meaning = parseInboundSms(body);
      expect({ body, kind: meaning.kind }).toEqual({ body, kind: 'flagged' });
      expect(optOutWish(body)).toEqual(expect.any(String));
    }
  });

  it('leaves ordinary text and follow-up answers alone', () => {
    for (const body of ['1', ' 2 ', 'thanks, it works again', 'When will the outage end?', 'Is my order cancelled', 'ok', '', 'Hello?']) {
      expect({ body, meaning: parseInboundSms(body) }).toEqual({ body, meaning: { kind: 'text' } });
    }
    // The follow-up answers stay "1" and "2": "YES" is a START keyword now, never an answer.
    expect(parseSmsAnswer('1')).toBe('yes');
    expect(parseSmsAnswer(' 2 ')).toBe('trouble');
    expect(parseSmsAnswer('YES')).toBeNull();
  });

  it("lets Twilio's OptOutType win: Twilio recognised a keyword (maybe a custom one) and answered it", () => {
    expect(parseInboundSms('ARRET', 'STOP')).toEqual({ kind: 'keyword', keyword: 'stop', word: 'STOP', byTwilio: true });
    expect(parseInboundSms('stop texting me', 'STOP')).toEqual({ kind: 'keyword', keyword: 'stop', word: 'STOP', byTwilio: true });
    expect(parseInboundSms('STOP', 'START')).toMatchObject({ keyword: 'start', byTwilio: true });
    expect(parseInboundSms('AIDE', 'help')).toMatchObject({ keyword: 'help', byTwilio: true });
    // An OptOutType we do not know is ignored: the body decides.
    expect(parseInboundSms('STOP', 'SOMETHING')).toMatchObject({ keyword: 'stop', byTwilio: false });
    expect(parseInboundSms('hello', '')).toEqual({ kind: 'text' });
  });
});
