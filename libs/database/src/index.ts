/** PostgreSQL access shared by every Prespond service: one schema per service, migrations at start-up. */
export * from './database.module';
