export interface BenchArgs {
  subscribers: number;
}

export const DEFAULT_SUBSCRIBERS = 100_000;

export const USAGE = `npm run bench [-- --subscribers N] [--profile]
  --subscribers N   subscribers to seed (default ${DEFAULT_SUBSCRIBERS.toLocaleString('en-US')}; e.g. 1000000); each gets an SMS and an email
  --profile         each service writes a V8 CPU profile under bench/results/ when it stops`;

/** `--subscribers N` or `--subscribers=N` (digits, optionally with _ or , between them). */
export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { subscribers: DEFAULT_SUBSCRIBERS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--profile') continue;
    if (flag !== '--subscribers') throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw?.replace(/[_,]/g, ''));
    if (!raw || !Number.isInteger(value) || value < 1) throw new Error(`--subscribers needs a whole number ≥ 1, not ${raw ?? 'nothing'}`);
    args.subscribers = value;
  }
  return args;
}
