import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('gathers what comes within the delay into one write, and what comes during a write into the next', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number>(
      async (items) => {
        writes.push(items);
        if (writes.length === 1) await firstWrite;
      },
      { maxDelayMs: 5, maxItems: 100 },
    );
    const first = [1, 2].map((n) => commit.add(n));
    await new Promise((r) => setTimeout(r, 20));
    expect(writes).toEqual([[1, 2]]);
    const rest = [3, 4, 5].map((n) => commit.add(n));
    await new Promise((r) => setTimeout(r, 20));
    expect(writes).toEqual([[1, 2]]); // one write at a time
    release();
    await Promise.all([...first, ...rest]);
    expect(writes).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('writes at once when maxItems wait, never more than maxItems in one write', async () => {
    const writes: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void writes.push(items), { maxDelayMs: 60_000, maxItems: 2 });
    await Promise.all([1, 2, 3, 4].map((n) => commit.add(n)));
    expect(writes).toEqual([[1, 2], [3, 4]]);
  });

  it('rejects the items of a failed write with its error, and goes on with the next', async () => {
    let fail = true;
    const written: number[] = [];
    const commit = new GroupCommit<number>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('database away');
      }
      written.push(...items);
    });
    await expect(commit.add(1)).rejects.toThrow('database away');
    await commit.add(2);
    expect(written).toEqual([2]);
  });
});
