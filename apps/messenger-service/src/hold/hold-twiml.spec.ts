import { afterGatherTwiml, announcementTwiml, gatherUrl, personalTwiml } from './hold-twiml';

const incidentId = '2a2ad61d-47d9-442f-b2f2-44471f49dc11';

describe('hold TwiML', () => {
  it('says the announcement, pauses and comes back for the latest, keeping the region', () => {
    const xml = announcementTwiml('All fine.', { region: 'berlin' });
    expect(xml).toMatch(/<Response><Say voice="Polly.Joanna" language="en-US">All fine.<\/Say><Pause length="20"\/><Redirect method="POST">twiml\?region=berlin<\/Redirect><\/Response>$/);
    expect(announcementTwiml('All fine.', {})).toContain('<Redirect method="POST">twiml</Redirect>');
  });

  it('wraps a caller’s own announcement in a <Gather> for one key, then loops as for everyone', () => {
    const url = gatherUrl('https://prespond.example', incidentId, 'berlin');
    expect(url).toBe(`https://prespond.example/hold-message/gather?incidentId=${incidentId}&region=berlin`);
    const xml = personalTwiml('Press 1.', url, { region: 'berlin' });
    expect(xml).toContain(
      `<Gather numDigits="1" action="https://prespond.example/hold-message/gather?incidentId=${incidentId}&amp;region=berlin" method="POST" timeout="3"><Say`,
    );
    expect(xml).toMatch(/Press 1\.<\/Say><\/Gather><Pause length="20"\/><Redirect method="POST">twiml\?region=berlin<\/Redirect>/);
  });

  it('after a key press, goes back to the loop remembering what she follows', () => {
    const xml = afterGatherTwiml('Thanks.', { region: 'berlin', following: incidentId });
    expect(xml).toContain(`<Say voice="Polly.Joanna" language="en-US">Thanks.</Say><Redirect method="POST">twiml?region=berlin&amp;following=${incidentId}</Redirect>`);
    expect(afterGatherTwiml(null, {})).not.toContain('<Say');
  });
});
