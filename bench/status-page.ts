/**
 * The status-page section of `npm run bench`: the public status page (apps/status-page) answering CONNECTIONS
 * connections at once, as when everyone looks during an outage, while the outage's fan-out to FAN_OUT_SUBSCRIBERS
 * subscribers runs on the same machine. The page (`/`) and `/api/v2/summary.json` are read against a file served from
 * disk by the same process (express.static under /static/): a ratio of requests/s, goal ≥ RATIO_GOAL. See README
 * "Benchmarks".
 */
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { Topics } from '@prespond/contracts';
import { createKafka } from '@prespond/kafka';
import { freePort, waitFor } from '@prespond/sandbox';
import { SERVICES, startStack } from '../deploy/stack';
import { BENCH_INCIDENT_TITLE, benchDatabase, declareIncident, machine, openSection, stopOnInterrupt } from './harness';
import { combine, load } from './load';
import { busyShare, cpuSeconds, machineTicks, ProcessSampler, statusMb } from './measure';
import { endOffsets, InboxDrain } from './progress';
import { BENCH_AUDIENCE, seedSubscribers } from './seed';
import type autocannon from 'autocannon';
import { FanOutProgress, formatStatusPageReport, LOAD_TARGETS, LoadTargetName, LoadWindow, StatusPageResult, statusPageRatios, TargetFigures } from './status-page-report';

export const FAN_OUT_SUBSCRIBERS = 20_000;
export const CONNECTIONS = 200;
/** Each target is loaded ROUNDS times for WINDOW_SECONDS, the order reversed every other round (see below). */
export const WINDOW_SECONDS = 5;
export const ROUNDS = 2;
/** Before the declaration, each target once: JIT, connections, the compressed bodies made. */
export const WARMUP_SECONDS = 2;
/**
 * What Chrome and Firefox send. The page and its JSON are then answered with brotli (made once per publication, like
 * gzip for a client that names gzip alone; either is a lookup), the file from disk as it is (express.static does
 * not compress).
 */
export const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

/** "published N resources in X ms", the status page's line per publication (Publisher), colours removed. */
const PUBLISHED = /\[status-page\].*published (\d+) resources in ([\d.]+) ms/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

const options = (url: string, duration: number): autocannon.Options => ({
  url,
  connections: CONNECTIONS,
  duration,
  headers: { 'accept-encoding': ACCEPT_ENCODING },
});

/** One GET as a browser asks: its status, Content-Encoding and the bytes of its body on the wire. */
function probe(url: string): Promise<{ status: number; encoding: string; bytes: number }> {
  return new Promise((resolveProbe, reject) => {
    const req = request(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolveProbe({ status: response.statusCode ?? 0, encoding: String(response.headers['content-encoding'] ?? 'identity'), bytes }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Until summary.json lists the bench's incident and the page names it: the load then reads the outage page. */
async function waitForIncident(pageUrl: string): Promise<void> {
  await waitFor(
    async () => {
      const summary = (await (await fetch(`${pageUrl}/api/v2/summary.json`)).json()) as { incidents: { name: string }[] };
      return summary.incidents.some((i) => i.name === BENCH_INCIDENT_TITLE);
    },
    { timeoutMs: 30_000, intervalMs: 50, description: 'the incident on the status page' },
  );
  const html = await (await fetch(`${pageUrl}/`)).text();
  if (!html.includes(BENCH_INCIDENT_TITLE)) throw new Error('summary.json lists the incident but the page does not name it');
}

const rate = (value: number) => Math.round(value).toLocaleString('en-US');

export async function statusPageSection(startedAt: Date, nodeArgs: string[]): Promise<void> {
  const run = openSection(startedAt, 'status-page');
  const { stamp, say } = run;
  const expected = FAN_OUT_SUBSCRIBERS * BENCH_AUDIENCE.channels.length;
  const publications: { at: number; resources: number; ms: number }[] = [];
  const log = (line: string) => {
    run.log(line);
    const published = PUBLISHED.exec(line.replace(ANSI, ''));
    if (published) publications.push({ at: Date.now(), resources: Number(published[1]), ms: Number(published[2]) });
  };

  const database = await benchDatabase(process.env.DATABASE_URL, `prespond_bench_${stamp.replace(/\W/g, '_').toLowerCase()}_status_page`);
  const ports = {
    kafka: await freePort(),
    smtp: await freePort(),
    smtpHttp: await freePort(),
    twilio: await freePort(),
    incident: await freePort(),
    subscriber: await freePort(),
    messenger: await freePort(),
    statusPage: await freePort(),
  };
  say(`status page: starting the stack and the status page (service logs: ${run.logPath})…`);
  const stack = await startStack(ports, { ...process.env, ...database.env }, log, {}, { compiled: true, nodeArgs }, { statusPage: true });
  const { infra } = stack;
  const page = stack.statusPage!;
  const stopAll = async () => {
    await stack.stop();
    await database.drop();
  };
  const interrupted = stopOnInterrupt(stopAll);
  const admin = createKafka({ brokers: [infra.kafka.bootstrap], clientId: 'bench' }).admin();
  try {
    say(`seeding ${FAN_OUT_SUBSCRIBERS.toLocaleString('en-US')} subscribers…`);
    const seedStarted = Date.now();
    await seedSubscribers(infra.databaseUrl, FAN_OUT_SUBSCRIBERS);
    const seedMs = Date.now() - seedStarted;
    await admin.connect();

    const url = (path: string) => `${page.url}${path}`;
    const rssAtStartMb = statusMb(page.pid!, 'VmRSS');
    for (const target of LOAD_TARGETS) {
      const answer = await probe(url(target.path));
      if (answer.status !== 200) throw new Error(`GET ${target.path} answered ${answer.status}`);
    }
    say(`warming up: ${WARMUP_SECONDS} s per target at ${CONNECTIONS} connections…`);
    for (const target of LOAD_TARGETS) await load(options(url(target.path), WARMUP_SECONDS));

    const baseline = await endOffsets(admin, Topics.NotificationRequested);
    const inbox = new InboxDrain(infra.smtp);
    const pagePid = page.pid!;
    const sampler = new ProcessSampler({ 'status-page': pagePid, ...Object.fromEntries(SERVICES.map((name) => [name, stack.services[name].pid!])) });

    say(`declaring one incident for all of them (${expected.toLocaleString('en-US')} messages), then the load while they go out…`);
    const declaredAt = await declareIncident(stack);
    const progress = async (): Promise<FanOutProgress> => ({
      atMs: Date.now() - declaredAt,
      planned: (await endOffsets(admin, Topics.NotificationRequested)) - baseline,
      delivered: infra.twilio.messages.length + inbox.drain(),
    });
    // When every request was on Kafka, to the quarter second (between windows alone would say it to 5 s).
    let plannedAllAtMs: number | undefined;
    const watch = setInterval(() => {
      void endOffsets(admin, Topics.NotificationRequested)
        .then((end) => {
          if (plannedAllAtMs === undefined && end - baseline >= expected) plannedAllAtMs = Date.now() - declaredAt;
        })
        .catch(() => undefined);
    }, 250);
    const windows: LoadWindow[] = [];
    const runs = new Map<LoadTargetName, autocannon.RawResult[]>(LOAD_TARGETS.map((t) => [t.name, []]));
    let visibleAfterMs: number;
    let loadStart: FanOutProgress;
    let benchLoadStart: NodeJS.CpuUsage;
    try {
      await waitForIncident(page.url);
      visibleAfterMs = Date.now() - declaredAt;
      sampler.start();
      benchLoadStart = process.cpuUsage();
      loadStart = await progress();
      for (let round = 0; round < ROUNDS; round++) {
        // The fan-out is not as heavy all along (planning first, then delivery): each target gets an early and a late turn.
        const order = round % 2 === 0 ? LOAD_TARGETS : [...LOAD_TARGETS].reverse();
        for (const target of order) {
          const before = await progress();
          const cpuBefore = cpuSeconds(pagePid);
          const benchBefore = process.cpuUsage();
          const ticksBefore = machineTicks();
          const raw = await load(options(url(target.path), WINDOW_SECONDS));
          const ticksAfter = machineTicks();
          const bench = process.cpuUsage(benchBefore);
          const statusPageCpuSeconds = cpuSeconds(pagePid) - cpuBefore;
          const after = await progress();
          runs.get(target.name)!.push(raw);
          const measured: LoadWindow = {
            ...combine(url(target.path), [raw]),
            target: target.name,
            path: target.path,
            round,
            statusPageCpuSeconds,
            benchCpuSeconds: (bench.user + bench.system) / 1e6,
            machineBusy: busyShare(ticksBefore, ticksAfter),
            fanOutBefore: before,
            fanOutAfter: after,
          };
          windows.push(measured);
          say(
            `  ${round + 1}. ${target.name}: ${rate(measured.perSecond)} requests/s, p99 ${measured.p99Ms} ms, ` +
              `${measured.errors + measured.timeouts} errors, ${measured.non2xx} non-2xx; fan-out ${after.planned.toLocaleString('en-US')} requested, ` +
              `${after.delivered.toLocaleString('en-US')} accepted`,
          );
        }
      }
    } finally {
      clearInterval(watch);
    }
    const usage = sampler.stop();
    const benchUsed = process.cpuUsage(benchLoadStart);
    const loadEnd = windows[windows.length - 1].fanOutAfter;
    const loadSeconds = (loadEnd.atMs - loadStart.atMs) / 1000;

    const targets: TargetFigures[] = [];
    for (const target of LOAD_TARGETS) {
      const figures = combine(url(target.path), runs.get(target.name)!);
      const own = windows.filter((w) => w.target === target.name);
      const cpu = own.reduce((sum, w) => sum + w.statusPageCpuSeconds, 0);
      const answer = await probe(url(target.path));
      targets.push({
        ...figures,
        name: target.name,
        path: target.path,
        contentEncoding: answer.encoding,
        bodyBytes: answer.bytes,
        bytesPerResponse: figures.requests ? figures.bytes / figures.requests : 0,
        statusPageCores: figures.seconds ? cpu / figures.seconds : 0,
        perStatusPageCpuSecond: cpu ? figures.requests / cpu : 0,
      });
    }
    const { ratios, goals } = statusPageRatios(targets);
    const published = publications.find((p) => p.at >= declaredAt);
    const loadStartedAt = declaredAt + loadStart.atMs;
    const loadEndedAt = declaredAt + loadEnd.atMs;
    const result: StatusPageResult = {
      startedAt: startedAt.toISOString(),
      machine: machine(),
      load: { tool: 'autocannon 8, in a worker thread', connections: CONNECTIONS, windowSeconds: WINDOW_SECONDS, rounds: ROUNDS, acceptEncoding: ACCEPT_ENCODING, warmupSeconds: WARMUP_SECONDS },
      subscribers: FAN_OUT_SUBSCRIBERS,
      expected,
      seedMs,
      incident: { visibleAfterMs, publishedResources: published?.resources, renderMs: published?.ms },
      publicationsDuringLoad: publications.filter((p) => p.at >= loadStartedAt && p.at <= loadEndedAt).length,
      statusPageRssAtStartMb: rssAtStartMb,
      targets,
      windows,
      ratios,
      goals,
      fanOut: {
        loadStart,
        loadEnd,
        plannedAllAtMs,
        deliveredPerSecond: loadSeconds > 0 ? (loadEnd.delivered - loadStart.delivered) / loadSeconds : 0,
      },
      resources: Object.fromEntries(Object.entries(usage).map(([name, u]) => [name, { ...u, cores: loadSeconds > 0 ? u.cpuSeconds / loadSeconds : 0 }])),
      benchCpuSeconds: (benchUsed.user + benchUsed.system) / 1e6,
    };
    writeFileSync(run.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    say(`\n${formatStatusPageReport(result)}\n\nwritten to ${run.jsonPath}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
    say('stopping…');
    await stopAll();
    interrupted();
    run.end();
  }
}
