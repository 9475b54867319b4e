/** The bench's sections, run in this order; naming some runs only those. */
export const SECTIONS = ['fan-out', 'status-page'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  sections: Section[];
  subscribers: number;
  profile: boolean;
}

export const DEFAULT_SUBSCRIBERS = 100_000;

export const USAGE = `npm run bench [-- [fan-out] [status-page] [--subscribers N] [--profile]]
  fan-out           one incident to N subscribers by SMS and email, read against ceilings measured in the same run
  status-page       the public status page under 200 connections (autocannon) during a 20,000-subscriber fan-out,
                    against a static file served by the same process
                    (no section named: all of them, in this order, each on a stack of its own)
  --subscribers N   fan-out: subscribers to seed (default ${DEFAULT_SUBSCRIBERS.toLocaleString('en-US')}; e.g. 1000000); each gets an SMS and an email
  --profile         each service writes a V8 CPU profile under bench/results/ when it stops (no ceilings then)`;

/** Section names, `--subscribers N` or `--subscribers=N` (digits, optionally with _ or , between them), `--profile`. */
export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { sections: [], subscribers: DEFAULT_SUBSCRIBERS, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if ((SECTIONS as readonly string[]).includes(flag)) {
      if (!args.sections.includes(flag as Section)) args.sections.push(flag as Section);
      continue;
    }
    if (flag === '--profile') {
      args.profile = true;
      continue;
    }
    if (flag !== '--subscribers') throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw?.replace(/[_,]/g, ''));
    if (!raw || !Number.isInteger(value) || value < 1) throw new Error(`--subscribers needs a whole number ≥ 1, not ${raw ?? 'nothing'}`);
    args.subscribers = value;
  }
  // In SECTIONS' order whatever the order named.
  args.sections = args.sections.length ? SECTIONS.filter((s) => args.sections.includes(s)) : [...SECTIONS];
  return args;
}
