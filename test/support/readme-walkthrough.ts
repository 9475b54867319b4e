import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The README's "Try it" walkthrough as steps a test can run: each shell command of its code blocks, in order, with
 * the comment before it and the answer documented after it (`# → …`).
 */
export interface WalkthroughStep {
  /** Line in README.md where the command starts (1-based), for failure messages. */
  line: number;
  /** The comment lines just before it (what the README says it does). */
  says: string;
  /** The command as written (several lines when it continues). */
  command: string;
  /** The answer documented after it (`# → …`), if any. */
  expected?: Expectation;
}

/**
 * A documented answer: `# → 409 {"message":…}` — an optional HTTP status (of the step's last request; without it,
 * every request of the step must answer 2xx), then text that must appear in what the step printed, `…` standing for
 * anything (the fragments between them appear in that order).
 */
export interface Expectation {
  status?: number;
  fragments: string[];
  text: string;
}

const START = /^### Try it\s*$/m;
const END = /^## Architecture\s*$/m;
const FENCE = /^```(sh|bash|shell)\s*$/;
const ANSWER = /^#\s*→\s?(.*)$/;

/** Whether bash would take `text` as complete commands (no open quote, `\`, pipe, heredoc or brace left). */
function complete(text: string): boolean {
  try {
    execFileSync('bash', ['-n'], { input: text, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

export function parseExpectation(text: string): Expectation {
  const match = /^(\d{3})(?:\s+|$)(.*)$/.exec(text.trim());
  const rest = match ? match[2] : text.trim();
  return { status: match ? Number(match[1]) : undefined, fragments: rest.split('…').map((f) => f.trim()).filter(Boolean), text: text.trim() };
}

/** Whether `output` shows what `expected` documents (its fragments, in order). */
export function shows(output: string, expected: Expectation): boolean {
  let from = 0;
  for (const fragment of expected.fragments) {
    const at = output.indexOf(fragment, from);
    if (at < 0) return false;
    from = at + fragment.length;
  }
  return true;
}

/** The walkthrough's steps, from README.md's "### Try it" up to "## Architecture". */
export function walkthroughSteps(readmePath: string): WalkthroughStep[] {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.search(START);
  const end = readme.search(END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no "### Try it" section before "## Architecture"`);
  const firstLine = readme.slice(0, start).split('\n').length;
  const lines = readme.slice(start, end).split('\n');
  const steps: WalkthroughStep[] = [];
  let inBlock = false;
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inBlock) {
      inBlock = FENCE.test(line);
      continue;
    }
    if (line.startsWith('```')) {
      inBlock = false;
      comments = [];
      continue;
    }
    const trimmed = line.trim();
    const answer = ANSWER.exec(trimmed);
    if (answer) {
      const last = steps[steps.length - 1];
      if (!last || last.expected) throw new Error(`README.md:${firstLine + i}: an answer (# →) that follows no command`);
      last.expected = parseExpectation(answer[1]);
      continue;
    }
    if (trimmed === '') {
      comments = [];
      continue;
    }
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.replace(/^#\s?/, ''));
      continue;
    }
    const from = i;
    let command = line;
    while (!complete(command)) {
      if (++i >= lines.length || lines[i].startsWith('```')) throw new Error(`README.md:${firstLine + from}: a command that never ends`);
      command += `\n${lines[i]}`;
    }
    steps.push({ line: firstLine + from, says: comments.join(' '), command });
    comments = [];
  }
  return steps;
}

/** What one step did: its exit status, what it printed, and the HTTP status of each request it made. */
export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  httpStatuses: number[];
}

const DONE = '@@prespond-step-done';

/**
 * One bash session that runs the steps one after another, as a person pastes them into a terminal: variables and
 * functions carry over. `curl` is wrapped to report each answer's HTTP status on stderr (its output is unchanged),
 * so a step can be held to a status without the README having to ask for one.
 */
export class ShellSession {
  private readonly shell: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private waiter?: () => void;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.shell = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.shell.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.waiter?.();
    });
    this.shell.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.waiter?.();
    });
    this.shell.stdin.write(`curl() { command curl -w '%{stderr}\\n@@http %{http_code}\\n' "$@"; }\n`);
  }

  /** Runs `command`; rejects if it has not finished within `timeoutMs`. */
  async run(command: string, timeoutMs: number): Promise<StepResult> {
    this.stdout = '';
    this.stderr = '';
    this.shell.stdin.write(`${command}\nprintf '\\n${DONE} %s\\n' "$?"; printf '${DONE}\\n' >&2\n`);
    const finished = () => this.stdout.includes(DONE) && this.stderr.includes(DONE);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no end after ${timeoutMs} ms; printed so far:\n${this.stdout}\n${this.stderr}`)), timeoutMs);
      this.waiter = () => {
        if (!finished()) return;
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      this.waiter();
    });
    const [stdout, code] = this.stdout.split(new RegExp(`\\n?${DONE} `));
    const stderr = this.stderr.slice(0, this.stderr.indexOf(DONE));
    const httpStatuses = [...stderr.matchAll(/@@http (\d{3})/g)].map((m) => Number(m[1]));
    return { exitCode: Number.parseInt(code, 10), stdout: stdout.trim(), stderr: stderr.replace(/\n?@@http \d{3}\n?/g, '\n').trim(), httpStatuses };
  }

  close(): void {
    this.shell.stdin.end();
    this.shell.kill();
  }
}

/** A step that only reads (no request body, no method but GET): safe to run again until its answer shows. */
export function onlyReads(command: string): boolean {
  return !/(^|\s)(-X\s*(POST|PUT|PATCH|DELETE)|-d\b|--data|-F\b)/.test(command) && !/\b(POST|PATCH|PUT|DELETE)\b/.test(command);
}
