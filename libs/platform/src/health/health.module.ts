import { DynamicModule, ModuleMetadata, Module, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS } from './readiness';

export interface HealthOptions {
  /** Modules the service's own checks come from. */
  imports?: ModuleMetadata['imports'];
  /** Provides READINESS_CHECKS (a ReadinessCheck[]). */
  checks?: Omit<Extract<Provider, { provide: unknown }>, 'provide'>;
}

/** Liveness and readiness endpoints (database and Kafka always; the service's own checks as given). */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: options.checks ? [{ ...options.checks, provide: READINESS_CHECKS } as Provider] : [],
    };
  }
}
