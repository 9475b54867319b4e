/** The part of autocannon 8's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      headers?: Record<string, string>;
      /** Seconds before a request counts as a timeout (default 10). */
      timeout?: number;
    }

    /**
     * What a run gives inside a worker thread (or with skipAggregateResult): counts, and the histograms encoded, so
     * several runs can be merged exactly with aggregateResult.
     */
    interface RawResult {
      latencies: string;
      totalCompletedRequests: number;
      totalRequests: number;
      totalBytes: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      statusCodeStats: Record<string, { count: number }>;
      /** Seconds, to the hundredth. */
      duration: number;
      start: Date;
      finish: Date;
      '2xx': number;
    }

    /** Milliseconds for latency. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      totalCount?: number;
    }

    interface Result {
      latency: Histogram & { totalCount: number };
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
    }

    function aggregateResult(results: RawResult[], options?: Partial<Options>): Result;
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
