import { notificationId } from './notification-id';

describe('notificationId', () => {
  const update = '2a2ad61d-47d9-442f-b2f2-44471f49dc11';
  const subscriber = '17bce1d9-c7c2-4456-98f0-85067fdca889';

  it('is the same for the same update, subscriber and channel', () => {
    expect(notificationId(update, subscriber, 'sms')).toBe(notificationId(update, subscriber, 'sms'));
    expect(notificationId(update, subscriber, 'sms')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('differs when any of them differs', () => {
    const ids = new Set([
      notificationId(update, subscriber, 'sms'),
      notificationId(update, subscriber, 'email'),
      notificationId(subscriber, update, 'sms'),
      notificationId(update, '5f0f8a52-2c1e-4d51-9c1a-1d7e2f3a4b5c', 'sms'),
    ]);
    expect(ids.size).toBe(4);
  });
});
