import { ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './net';
import { signalOwned, spawnOwned } from './owned-process';
import { waitFor } from './wait';

/** The repository root: the launcher finds the pom and keeps the fetched jars relative to it. */
const ROOT = resolve(__dirname, '../../..');
const POM = join(ROOT, 'deploy/kafka/pom.xml');

export interface KafkaBrokerOptions {
  /** Client port; a free one when omitted. */
  port?: number;
  /** Directory for the KRaft metadata and logs; a fresh temporary one when omitted (removed on stop). */
  dataDir?: string;
  /** Lines the broker prints (warnings and errors only, by default). */
  onLog?: (line: string) => void;
  /** JVM heap, e.g. `512m`. */
  heap?: string;
}

/** The Kafka version pinned in deploy/kafka/pom.xml. */
export function pinnedKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match) throw new Error(`no <kafka.version> in ${POM}`);
  return match[1];
}

function requireTool(command: string, args: string[], advice: string): void {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch {
    throw new Error(
      `'${command}' is needed to run the local Kafka broker but was not found or failed. ${advice} ` +
        'Alternatively run the whole stack with `docker compose up` (see README).',
    );
  }
}

/**
 * Makes sure the pinned Apache Kafka jars are present under `.cache/kafka-<version>/libs`,
 * fetching them from Maven Central with `mvn` the first time. Returns the jar directory.
 */
export function ensureKafkaJars(log: (line: string) => void = () => undefined): string {
  const version = pinnedKafkaVersion();
  const dir = join(ROOT, '.cache', `kafka-${version}`, 'libs');
  if (existsSync(join(dir, `kafka_2.13-${version}.jar`))) return dir;
  requireTool('mvn', ['-v'], 'Install Apache Maven 3.8+ (Debian/Ubuntu: `apt-get install maven`).');
  log(`fetching Apache Kafka ${version} jars from Maven Central into ${dir}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(
    'mvn',
    ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return dir;
}

function serverProperties(port: number, controllerPort: number, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Services create their topics explicitly (libs/kafka ensureTopics); a typo must not create one.
    'auto.create.topics.enable=false',
    // A single-node dev broker: let consumer groups form at once.
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=24',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[kafka] %p %m (%c)%n',
  'log4j.logger.kafka=WARN',
  'log4j.logger.org.apache.kafka=WARN',
  'log4j.logger.state.change.logger=ERROR',
].join('\n');

/**
 * A real single-node Apache Kafka broker (KRaft, broker + controller in one JVM) on loopback.
 * Used by `npm start` and by the tests alike.
 */
export class KafkaBroker {
  private process?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private readonly jars: string,
    private readonly options: KafkaBrokerOptions,
  ) {}

  /** `host:port` for clients. */
  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    requireTool('java', ['-version'], 'Install a Java 17+ runtime (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`).');
    const jars = ensureKafkaJars(options.onLog);
    const port = options.port ?? (await freePort());
    const controllerPort = await freePort();
    const ownsDataDir = !options.dataDir;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'prespond-kafka-'));
    const broker = new KafkaBroker(port, controllerPort, dataDir, ownsDataDir, jars, options);
    try {
      broker.format();
      await broker.launch();
    } catch (error) {
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return broker;
  }

  private java(mainClass: string, args: string[]): { command: string; args: string[] } {
    return {
      command: 'java',
      args: [
        `-Xmx${this.options.heap ?? '512m'}`,
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${join(this.dataDir, 'log4j.properties')}`,
        '-cp',
        `${this.jars}/*`,
        mainClass,
        ...args,
      ],
    };
  }

  private format(): void {
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(join(this.dataDir, 'log4j.properties'), LOG4J);
    const props = join(this.dataDir, 'server.properties');
    writeFileSync(props, serverProperties(this.port, this.controllerPort, join(this.dataDir, 'logs')));
    if (existsSync(join(this.dataDir, 'logs')) && readdirSync(join(this.dataDir, 'logs')).length > 0) return;
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url'); // would read as an option
    const { command, args } = this.java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', props]);
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  private async launch(): Promise<void> {
    const { command, args } = this.java('kafka.Kafka', [join(this.dataDir, 'server.properties')]);
    // In a process group of its own: a terminal's Ctrl-C reaches whoever started it, who stops it after its clients.
    const child = spawnOwned(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    // Never leave a broker behind when this process ends without stopping it (a failed setup, an exception).
    const killOnExit = () => {
      signalOwned(child, 'SIGKILL');
      if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const onLog = this.options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach(onLog));
    }
    let exitCode: number | null | undefined;
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code) => {
        exitCode = code;
        resolveExit();
      }),
    );
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`broker exited with code ${exitCode}`);
        return (await this.answers()) || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, description: `Kafka broker on ${this.bootstrap}` },
    ).catch(async (error) => {
      await this.kill();
      throw error;
    });
  }

  /** True when the broker answers a metadata request. */
  async answers(): Promise<boolean> {
    const admin = new Kafka({
      clientId: 'prespond-broker-probe',
      brokers: [this.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async kill(): Promise<void> {
    if (!this.process || this.process.exitCode !== null) return;
    signalOwned(this.process, 'SIGKILL');
    await this.exited;
  }

  /**
   * Stops the broker: SIGTERM for a controlled shutdown, SIGKILL if it has not exited in 30 s.
   * With `keepData` the data directory survives, so `restart()` brings back the same topics and offsets.
   */
  async stop({ keepData = false }: { keepData?: boolean } = {}): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      const child = this.process;
      signalOwned(child, 'SIGTERM');
      const timer = setTimeout(() => signalOwned(child, 'SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    this.process = undefined;
    if (!keepData && this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Starts the broker again on the same port and data after `stop({ keepData: true })`. */
  async restart(): Promise<void> {
    if (this.process) await this.stop({ keepData: true });
    await this.launch();
  }
}
