/** What every Prespond service starts with: env loading, request validation, access control and the audit trail, the bootstrap. */
export * from './audit/audit-trail.migration';
export * from './audit/audit.repository';
export * from './auth/access.decorators';
export * from './auth/api-key.guard';
export * from './auth/api-keys';
export * from './bootstrap';
export * from './clock';
export * from './core.module';
export * from './csv';
export * from './date-time';
export * from './env';
export * from './health/health.module';
export * from './health/readiness';
export * from './periodic-task';
export * from './signed-links';
export * from './validation';
export * from './validators';
