import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, MixedList } from 'typeorm';

export interface ServiceDatabaseOptions {
  /** PostgreSQL connection URL. */
  url: string;
  /** The schema this service owns; created if missing and put first on the search path. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** Connection pool size. */
  poolSize?: number;
}

const OPTIONS = Symbol('SERVICE_DATABASE_OPTIONS');

/** Runs the service's pending migrations at start-up, one replica at a time. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(OPTIONS) private readonly options: ServiceDatabaseOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.dataSource, this.options.schema, (line) => this.logger.log(line));
  }
}

/**
 * Creates the schema and runs pending migrations while holding a session advisory lock named after the schema,
 * so replicas starting together wait for each other instead of racing.
 */
export async function migrate(dataSource: DataSource, schema: string, log: (line: string) => void = () => undefined): Promise<void> {
  const lockKey = createHash('sha256').update(`prespond-migrations:${schema}`).digest().readInt32BE(0);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const m of applied) log(`applied migration ${m.name}`);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * TypeORM for one service: its own schema, its own migrations (run at start-up), never `synchronize`.
 */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          schema: options.schema,
          entities: options.entities,
          migrations: options.migrations,
          migrationsTableName: 'migrations',
          migrationsRun: false,
          synchronize: false,
          poolSize: options.poolSize ?? 10,
          // Raw SQL in migrations and repositories resolves unqualified names in the service's schema.
          extra: { options: `-c search_path=${options.schema},public` },
        }),
      ],
      providers: [{ provide: OPTIONS, useValue: options }, MigrationRunner],
    };
  }
}
