import 'reflect-metadata';
import { messengerServiceConfig } from './env';

describe('messenger-service rate configuration', () => {
  const base = {
    DATABASE_URL: 'postgres://x',
    KAFKA_BROKERS: '127.0.0.1:9092',
    API_KEYS: `ops:ops:${'o'.repeat(24)}`,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'token',
    LINK_SIGNING_SECRET: 's'.repeat(16),
    PREFERENCES_LINK_SECRET: 'p'.repeat(16),
  };

  it('sends from TWILIO_FROM without any limit when SMS_SENDERS and EMAIL_RATE_PER_SECOND are unset', () => {
    const config = messengerServiceConfig({ ...base, TWILIO_FROM: '+15005550006' });
    expect(config.twilio.senders).toEqual([{ from: '+15005550006', type: null, perSecond: null }]);
    expect(config.smtp.perSecond).toBeNull();
  });

  it('reads SMS_SENDERS (TWILIO_FROM not needed then) and EMAIL_RATE_PER_SECOND', () => {
    const config = messengerServiceConfig({ ...base, SMS_SENDERS: '89898:short-code,+18005550100:toll-free:5', EMAIL_RATE_PER_SECOND: '20' });
    expect(config.twilio.senders).toEqual([
      { from: '89898', type: 'short-code', perSecond: 100 },
      { from: '+18005550100', type: 'toll-free', perSecond: 5 },
    ]);
    expect(config.smtp.perSecond).toBe(20);
  });

  it('refuses to start with a bad sender, a non-positive email rate, or no sender at all, and says why', () => {
    expect(() => messengerServiceConfig({ ...base, SMS_SENDERS: '+15005550006:pager' })).toThrow(/SMS_SENDERS: SMS_SENDERS is invalid: entry 1 \("\+15005550006:pager"\): the type must be one of/);
    expect(() => messengerServiceConfig({ ...base, SMS_SENDERS: '+15005550006:long-code:0' })).toThrow(/the rate must be a positive number/);
    expect(() => messengerServiceConfig({ ...base, SMS_SENDERS: '5550006:toll-free' })).toThrow(/the number must be E\.164/);
    expect(() => messengerServiceConfig({ ...base, TWILIO_FROM: '+15005550006', EMAIL_RATE_PER_SECOND: '0' })).toThrow(/EMAIL_RATE_PER_SECOND: .*positive/);
    expect(() => messengerServiceConfig({ ...base, TWILIO_FROM: '+15005550006', EMAIL_RATE_PER_SECOND: 'fast' })).toThrow(/EMAIL_RATE_PER_SECOND/);
    expect(() => messengerServiceConfig(base)).toThrow(/TWILIO_FROM/);
  });

  it('reads the status reconciliation settings: defaults, 0 turning the rounds off, and no lookup rate of 0', () => {
    const env = { ...base, TWILIO_FROM: '+15005550006' };
    expect(messengerServiceConfig(env).statusReconciliation).toEqual({
      intervalMs: 60_000,
      afterMs: 600_000,
      perSecond: 10,
      giveUpAfterMs: 72 * 3_600_000,
      earlyStatusTtlMs: 3_600_000,
    });
    const set = { STATUS_RECONCILE_INTERVAL_MS: '0', STATUS_RECONCILE_AFTER_SECONDS: '3', STATUS_RECONCILE_PER_SECOND: '2.5', STATUS_RECONCILE_GIVE_UP_HOURS: '1', EARLY_STATUS_TTL_MINUTES: '5' };
    expect(messengerServiceConfig({ ...env, ...set }).statusReconciliation).toEqual({ intervalMs: 0, afterMs: 3_000, perSecond: 2.5, giveUpAfterMs: 3_600_000, earlyStatusTtlMs: 300_000 });
    expect(() => messengerServiceConfig({ ...env, STATUS_RECONCILE_PER_SECOND: '0' })).toThrow(/STATUS_RECONCILE_PER_SECOND: .*positive/);
    expect(() => messengerServiceConfig({ ...env, EARLY_STATUS_TTL_MINUTES: '0' })).toThrow(/EARLY_STATUS_TTL_MINUTES/);
  });
});
