/**
 * HTTP load with autocannon, from a worker thread: the bench process also hosts the Twilio sandbox and the SMTP inbox
 * the messenger sends to, and a load generator on their event loop would slow the fan-out it is meant to run beside.
 */
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

/** Runs autocannon with `options` in the worker and posts back its raw result (histograms encoded, see RawResult). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.module);
autocannon(workerData.options, (error, result) => parentPort.postMessage(error ? { error: String(error.stack || error) } : { result }));
`;

/** One autocannon run in a worker thread of its own; resolves when it has finished, with its raw result. */
export function load(options: autocannon.Options): Promise<autocannon.RawResult> {
  return new Promise((resolveRun, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { module: require.resolve('autocannon'), options } });
    worker.once('error', reject);
    worker.once('message', (message: { error?: string; result?: autocannon.RawResult }) => {
      void worker.terminate();
      if (message.error) reject(new Error(`autocannon: ${message.error}`));
      else resolveRun(message.result!);
    });
  });
}

export interface LoadFigures {
  /** Responses received (any status). */
  requests: number;
  /** Seconds the runs lasted, together. */
  seconds: number;
  perSecond: number;
  /** Milliseconds (autocannon's histogram, 2xx answers, 1 ms resolution), over all the runs together. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Bytes received, headers included. */
  bytes: number;
}

/** Several runs against one target as one: counts added, latencies merged exactly (not an average of percentiles). */
export function combine(url: string, runs: autocannon.RawResult[]): LoadFigures {
  const merged = autocannon.aggregateResult(runs, { url });
  const requests = runs.reduce((sum, r) => sum + r.totalCompletedRequests, 0);
  const seconds = runs.reduce((sum, r) => sum + r.duration, 0);
  return {
    requests,
    seconds,
    perSecond: seconds > 0 ? requests / seconds : 0,
    p50Ms: merged.latency.p50,
    p99Ms: merged.latency.p99,
    maxMs: merged.latency.max,
    errors: merged.errors,
    timeouts: merged.timeouts,
    non2xx: merged.non2xx,
    bytes: runs.reduce((sum, r) => sum + r.totalBytes, 0),
  };
}
