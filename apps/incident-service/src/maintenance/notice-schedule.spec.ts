import { noticeOffsets } from '../config/env';
import { dueNoticeOffset, offsetCoveredByChange } from './notice-schedule';

const HOUR = 3_600_000;
const start = new Date('2030-03-10T02:00:00Z');
const hoursBefore = (h: number) => new Date(start.getTime() - h * HOUR);
const OFFSETS = [72 * 60, 60];

describe('notices ahead of a maintenance window', () => {
  it('reads the offsets as minutes, longest first, each once', () => {
    expect(noticeOffsets('72h,1h')).toEqual([4320, 60]);
    expect(noticeOffsets(' 1h , 3d, 90m,1h')).toEqual([4320, 90, 60]);
  });

  it('is due for each offset once its time has come, and not before', () => {
    expect(dueNoticeOffset(OFFSETS, start, null, hoursBefore(100))).toBeNull();
    expect(dueNoticeOffset(OFFSETS, start, null, hoursBefore(72))).toBe(4320);
    expect(dueNoticeOffset(OFFSETS, start, 4320, hoursBefore(50))).toBeNull();
    expect(dueNoticeOffset(OFFSETS, start, 4320, hoursBefore(1))).toBe(60);
    expect(dueNoticeOffset(OFFSETS, start, 60, hoursBefore(0.5))).toBeNull();
  });

  it('sends one notice, the nearest, for a window scheduled after several offsets have passed', () => {
    expect(dueNoticeOffset(OFFSETS, start, null, hoursBefore(0.5))).toBe(60);
  });

  it('sends none once the window has begun', () => {
    expect(dueNoticeOffset(OFFSETS, start, null, start)).toBeNull();
    expect(dueNoticeOffset(OFFSETS, start, 4320, new Date(start.getTime() + HOUR))).toBeNull();
  });

  it('counts the offsets already passed for a new start as told by the change notice', () => {
    expect(offsetCoveredByChange(OFFSETS, start, hoursBefore(100))).toBeNull();
    expect(offsetCoveredByChange(OFFSETS, start, hoursBefore(25))).toBe(4320);
    expect(offsetCoveredByChange(OFFSETS, start, hoursBefore(0.5))).toBe(60);
    // After a move covering T-72 h, the T-1 h notice still comes.
    expect(dueNoticeOffset(OFFSETS, start, offsetCoveredByChange(OFFSETS, start, hoursBefore(25)), hoursBefore(1))).toBe(60);
  });
});
