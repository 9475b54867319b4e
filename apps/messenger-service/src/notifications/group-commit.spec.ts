import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes a lone item at once and what arrives during a write in the next one', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await firstWrite;
    });
    const first = commit.add(1);
    const rest = [2, 3, 4].map((n) => commit.add(n));
    expect(writes).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it("rejects the items of a failed write with its error, and goes on with the next", async () => {
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
