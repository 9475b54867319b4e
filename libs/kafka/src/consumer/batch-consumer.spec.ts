import { BATCH_CHUNK, chunkSizes, FIRST_CHUNK } from './batch-consumer';

describe('chunkSizes', () => {
  it('starts a batch with a small chunk and doubles up to BATCH_CHUNK, covering every event once', () => {
    expect(chunkSizes(1000)).toEqual([20, 40, 80, 160, 200, 200, 200, 100]);
    for (const length of [0, 1, 19, 20, 21, 339, 1000, 5003]) {
      const sizes = chunkSizes(length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(length);
      expect(sizes.every((size) => size > 0 && size <= BATCH_CHUNK)).toBe(true);
      if (length > 0) expect(sizes[0]).toBe(Math.min(FIRST_CHUNK, length));
    }
  });
});
