/**
 * Ends every run with one plain line, `tests: N passed, N failed` (and `, N skipped` when any were), that tools
 * which do not know Jest's own summary can read.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stderr.write(`\n${line}\n`);
  }
}

module.exports = SummaryReporter;
