import { deliveryChart, DeliveryTimeline, duration } from './report-views';

describe('the incident report views', () => {
  it('says latencies as people read them', () => {
    expect([null, 0.42, 9.96, 12.4, 75, 3600, 3725, 90_000, 200_000].map(duration)).toEqual(['—', '0.4 s', '10.0 s', '12 s', '1 min 15 s', '1 h', '1 h 2 min', '25 h', '2 days 7 h']);
  });

  it('turns timeline buckets into cumulative series from the origin, every bucket charted, only busy ones in the table', () => {
    const timeline: DeliveryTimeline = {
      incidentId: 'i',
      origin: '2026-12-02T13:00:00.000Z',
      bucketSeconds: 10,
      buckets: [
        { at: '2026-12-02T13:00:00.000Z', channel: 'email', accepted: 2, delivered: 0 },
        { at: '2026-12-02T13:00:00.000Z', channel: 'sms', accepted: 3, delivered: 1 },
        { at: '2026-12-02T13:00:30.000Z', channel: 'sms', accepted: 0, delivered: 2 },
      ],
    };
    const view = deliveryChart(timeline, ['sms', 'email'], 'Europe/Berlin')!;
    expect(view.chart.labels).toEqual(['14:00:00', '14:00:10', '14:00:20', '14:00:30', '14:00:40']);
    expect(view.chart.series.map((s) => [s.key, s.values])).toEqual([
      ['smsAccepted', [0, 3, 3, 3, 3]],
      ['smsDelivered', [0, 1, 1, 1, 3]],
      ['emailAccepted', [0, 2, 2, 2, 2]],
    ]);
    expect(view.headers).toEqual(['Texts accepted', 'Texts delivered', 'Emails accepted']);
    expect(view.rows).toEqual([
      { at: '14:00:10', values: [3, 1, 2] },
      { at: '14:00:40', values: [3, 3, 2] },
    ]);
    expect(view.caption).toMatch(/^Messages so far, by time \((CET|GMT\+1)\); each row is 10 seconds$/);
    // Only the channels the incident used; nothing to draw without messages.
    expect(deliveryChart(timeline, ['sms'], 'UTC')!.chart.series.map((s) => s.key)).toEqual(['smsAccepted', 'smsDelivered']);
    expect(deliveryChart({ ...timeline, origin: null, buckets: [] }, ['sms'], 'UTC')).toBeUndefined();
  });
});
