/** What every Prespond service starts with: env loading, request validation, the bootstrap. */
export * from './bootstrap';
export * from './clock';
export * from './core.module';
export * from './csv';
export * from './env';
export * from './health/health.module';
export * from './health/readiness';
export * from './periodic-task';
export * from './signed-links';
export * from './validation';
export * from './validators';
