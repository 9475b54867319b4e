/**
 * `npm run bench`: its sections on the real stack (Kafka, PostgreSQL, the services in their own processes, the Twilio
 * sandbox and the SMTP inbox), each on a stack of its own: `fan-out`, one incident reaching N subscribers by SMS and
 * email, timed from the declaration to the providers and read against ceilings measured in the same run with the same
 * libraries; `status-page`, the public status page under load during a fan-out (see status-page.ts). Naming sections
 * runs only those (`npm run bench -- status-page`). See README "Benchmarks".
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, Kafka } from 'kafkajs';
import { Topics } from '@prespond/contracts';
import { createKafka } from '@prespond/kafka';
import { freePort } from '@prespond/sandbox';
import { SERVICES, Stack, startStack } from '../deploy/stack';
import { parseArgs, USAGE } from './args';
import { KAFKA_SAMPLE_CAP, kafkaCeiling, POSTGRES_SAMPLE_CAP, postgresCeiling, PROVIDER_SAMPLE_CAP, providerCeiling } from './ceilings';
import { benchDatabase, declareIncident, machine, openSection, RESULTS_DIR, ROOT, stopOnInterrupt } from './harness';
import { perSecond, ProcessSampler, summarize } from './measure';
import { endOffsets, Timeline, watchRun } from './progress';
import { Simulators } from './simulators';
import { BenchResult, evaluateTargets, formatReport, PlanningAlone, ratio, resourcesPerService } from './report';
import { perMessageLatency, requestTimes } from './request-times';
import { BENCH_AUDIENCE, seedSubscribers } from './seed';
import { statusPageSection } from './status-page';

/** One real notification.requested value, for a Kafka ceiling with messages of the same size. */
async function sampleRequest(kafka: Kafka): Promise<string | undefined> {
  const consumer = kafka.consumer({ groupId: `bench.sample.${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: Topics.NotificationRequested, fromBeginning: true });
    return await new Promise<string | undefined>((resolveValue) => {
      const timer = setTimeout(() => resolveValue(undefined), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolveValue(message.value?.toString());
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Planning with delivery paused: one more incident to the same audience (the messenger must be stopped), timed from
 * its first request on Kafka to its last, as the run's own planning is.
 */
async function planningAlone(stack: Stack, admin: Admin, expected: number): Promise<PlanningAlone> {
  const baseline = await endOffsets(admin, Topics.NotificationRequested);
  const declaredAt = await declareIncident(stack, 'planning alone');
  const timeline = await watchRun(declaredAt, expected, async () => (await endOffsets(admin, Topics.NotificationRequested)) - baseline, () => ({ sms: 0, email: 0 }), () => undefined, { until: 'planned' });
  const ms = timeline.plannedAt && timeline.firstPlannedAt ? Math.max(timeline.plannedAt - timeline.firstPlannedAt, 1) : undefined;
  return { requests: timeline.observed.planned, ms, perSecond: perSecond(timeline.observed.planned, ms) };
}

/** The fan-out section: one incident to `subscribers` subscribers, both channels, then the ceilings. */
async function fanOutSection(subscribers: number, startedAt: Date, nodeArgs: string[]): Promise<void> {
  const expected = subscribers * BENCH_AUDIENCE.channels.length;
  const run = openSection(startedAt, String(subscribers));
  const { stamp, log, say } = run;

  const database = await benchDatabase(process.env.DATABASE_URL, `prespond_bench_${stamp.replace(/\W/g, '_').toLowerCase()}`);
  const ports = {
    kafka: await freePort(),
    smtp: await freePort(),
    smtpHttp: await freePort(),
    twilio: await freePort(),
    incident: await freePort(),
    subscriber: await freePort(),
    messenger: await freePort(),
  };
  say(`fan-out: starting the simulators and the stack (service logs: ${run.logPath})…`);
  // The services send to the simulators in their own processes (the stack's in-process sandbox and inbox stay idle).
  const simulators = await Simulators.start();
  const stack = await startStack(ports, { ...process.env, ...database.env }, log, simulators.serviceEnv(), { compiled: true, nodeArgs }).catch(async (error) => {
    await simulators.stop();
    throw error;
  });
  const { infra } = stack;
  const stopAll = async () => {
    await stack.stop();
    await simulators.stop();
    await database.drop();
  };
  const interrupted = stopOnInterrupt(stopAll);
  const kafka = createKafka({ brokers: [infra.kafka.bootstrap], clientId: 'bench' });
  const admin = kafka.admin();
  try {
    say(`seeding ${subscribers.toLocaleString('en-US')} subscribers…`);
    const seedStarted = Date.now();
    await seedSubscribers(infra.databaseUrl, subscribers);
    const seedMs = Date.now() - seedStarted;

    await admin.connect();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [Topics.NotificationRequested] })).topics;
    const baseline = await endOffsets(admin, Topics.NotificationRequested);
    const pids = Object.fromEntries(SERVICES.map((name) => [name, stack.services[name].pid!]));
    const sampler = new ProcessSampler(pids);
    const simulatorSampler = new ProcessSampler({ 'Twilio sandbox': simulators.pids.twilio, 'SMTP inbox': simulators.pids.smtp });
    sampler.start();
    simulatorSampler.start();
    const benchCpu = process.cpuUsage();

    say(`declaring one incident for all of them; waiting for ${expected.toLocaleString('en-US')} messages…`);
    const declaredAt = await declareIncident(stack);
    const timeline: Timeline = await watchRun(
      declaredAt,
      expected,
      async () => (await endOffsets(admin, Topics.NotificationRequested)) - baseline,
      () => simulators.counts(),
      (o) => say(`  ${((Date.now() - declaredAt) / 1000).toFixed(0)} s: ${o.planned} requested, ${o.sms} SMS and ${o.email} emails accepted`),
    );
    const usage = sampler.stop();
    const simulatorUsage = simulatorSampler.stop();
    const { user, system } = process.cpuUsage(benchCpu);
    const accepted = await simulators.accepted();
    if (timeline.stalled) say('no progress for 60 s: stopping with a partial report');

    const kafkaSample = await sampleRequest(kafka);
    const samples = await simulators.samples();
    // Each message from its request on Kafka to its acceptance (read before a second incident adds requests).
    const perMessage = perMessageLatency(await requestTimes(kafka, expected), accepted);

    // Planning alone: a second incident to the same audience with the messenger stopped (delivery paused), so
    // nothing competes with the fan-out for the CPUs; its requests are never sent.
    say('planning alone (the messenger stopped): a second incident to the same audience…');
    await stack.services['messenger-service'].stop();
    const alone = await planningAlone(stack, admin, expected);
    // The ceilings run with the services stopped, so nothing of Prespond's competes with them for the CPUs.
    await Promise.all(Object.values(stack.services).map((s) => s.stop()));
    await simulators.clear();
    // A profiled run's own rates are the profiler's too: nothing to read against ceilings, which are not measured.
    const ceilings = nodeArgs.length === 0;
    say(ceilings ? 'measuring ceilings…' : 'profiling: no ceilings');
    const partitions = metadata.partitions.length;
    const kafkaCeilingResult = ceilings && kafkaSample ? await kafkaCeiling(infra.kafka.bootstrap, partitions, kafkaSample, Math.min(expected, KAFKA_SAMPLE_CAP)) : undefined;
    const postgres = ceilings ? await postgresCeiling(infra.databaseUrl, Math.min(expected, POSTGRES_SAMPLE_CAP)) : undefined;
    const providers = ceilings && samples ? await providerCeiling(simulators, samples, Math.min(subscribers, PROVIDER_SAMPLE_CAP)) : undefined;

    const delivered = timeline.observed.sms + timeline.observed.email;
    const planningMs = timeline.plannedAt ? timeline.plannedAt - declaredAt : undefined;
    // Producing alone: from the first request on Kafka to the last (the declaration's way through the outbox and the
    // fan-out's first page are left out); the rate read against kafkajs's is this one.
    const producingMs = timeline.plannedAt && timeline.firstPlannedAt ? Math.max(timeline.plannedAt - timeline.firstPlannedAt, 1) : undefined;
    const producingPerSecond = producingMs ? perSecond(timeline.observed.planned, producingMs) : undefined;
    const deliveryMs = (timeline.deliveredAt ?? timeline.lastProgressAt) - declaredAt;
    const planningPerSecond = perSecond(timeline.observed.planned, planningMs ?? timeline.lastProgressAt - declaredAt);
    const deliveryPerSecond = perSecond(delivered, deliveryMs);
    const latency = summarize(accepted.map((a) => a.at - declaredAt));
    const firstMessageMs = latency.minMs;
    const resources = resourcesPerService(usage, delivered);
    const ratios = {
      // s per 1,000 messages is ms per message.
      cost: ratio(resources['messenger-service']?.cpuSecondsPer1000Messages, providers?.combined.cpuMsPerMessage),
      delivery: ratio(deliveryPerSecond, providers?.combined.perSecond),
      planning: ratio(producingPerSecond, kafkaCeilingResult?.produce.perSecond),
      planningAlone: ratio(alone.perSecond, kafkaCeilingResult?.produce.perSecond),
      planningKcat: ratio(producingPerSecond, kafkaCeilingResult?.kcat?.perSecond),
      planningAloneKcat: ratio(alone.perSecond, kafkaCeilingResult?.kcat?.perSecond),
    };
    const complete = !timeline.stalled;
    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      subscribers,
      expected,
      machine: machine(),
      seedMs,
      complete,
      planning: { requests: timeline.observed.planned, ms: planningMs, perSecond: planningPerSecond, producingMs, producingPerSecond, alone },
      delivery: {
        sms: timeline.observed.sms,
        email: timeline.observed.email,
        ms: deliveryMs,
        perSecond: deliveryPerSecond,
        firstMessageMs,
        latency,
        perMessage,
        smsTimestampPrecision: 'ms',
      },
      resources,
      benchCpuSeconds: (user + system) / 1e6,
      simulators: simulatorUsage,
      ceilings: { measured: 'after the run, with the services stopped; the bare clients in a process of their own', kafka: kafkaCeilingResult, postgres, providers },
      ratios,
      targets: evaluateTargets({
        subscribers,
        complete,
        planningMs,
        planningPerSecond,
        deliveryMs: complete ? deliveryMs : undefined,
        deliveryPerSecond,
        firstMessageMs,
        ratios,
        peakRssMb: Object.fromEntries(Object.entries(usage).map(([name, u]) => [name, u.peakRssMb])),
      }),
    };
    writeFileSync(run.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    say(`\n${formatReport(result)}\n\nwritten to ${run.jsonPath}`);
    if (!complete) process.exitCode = 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
    say('stopping…');
    await stopAll();
    interrupted();
    run.end();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void console.log(USAGE);
  const { sections, subscribers, profile } = parseArgs(argv);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  // The services run as the image runs them: built, not from source (ts-node and its compiler weigh on memory and CPU).
  console.log('building the services (npm run build)…');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // `--profile`: each service writes a V8 CPU profile (open it in Chrome DevTools) next to the results when it stops.
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, `${stamp}-profiles`)}`] : [];
  for (const section of sections) {
    if (section === 'fan-out') await fanOutSection(subscribers, startedAt, nodeArgs);
    if (section === 'status-page') await statusPageSection(startedAt, nodeArgs);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
