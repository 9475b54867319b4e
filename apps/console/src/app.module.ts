import { DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule } from '@prespond/database';
import { AuditInterceptor, AuditRepository, Clock, ShiftableClock, SystemClock, TestClockController } from '@prespond/platform';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { AssetsController } from './assets/assets.controller';
import { AuditPageController } from './audit/audit.controller';
import { CampaignComposer } from './campaigns/campaign-composer';
import { CampaignLiveController } from './campaigns/campaign-live.controller';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CONSOLE_CONFIG, ConsoleConfig } from './config/env';
import { CustomersController } from './customers/customers.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';
import { InboundController } from './inbound/inbound.controller';
import { IncidentReportController } from './incident-report/incident-report.controller';
import { IncidentReview } from './incidents/incident-review';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentLiveController } from './incidents/live.controller';
import { MaintenanceController } from './maintenance/maintenance.controller';
import { StaffAccountsAndSessions1765800000000 } from './migrations/1765800000000-StaffAccountsAndSessions';
import { PeopleController } from './people/people.controller';
import { PeopleService } from './people/people.service';
import { PromisesController } from './promises/promises.controller';
import { RemindersController } from './reminders/reminders.controller';
import { ConsoleGuard } from './sessions/console.guard';
import { SessionCookie } from './sessions/session-cookie';
import { SessionService } from './sessions/session.service';
import { SessionsRepository } from './sessions/sessions.repository';
import { SignInController } from './sign-in/sign-in.controller';
import { SsoService } from './sign-in/sso.service';
import { ServicesClient } from './services/services.client';
import { PageErrorsFilter } from './views/page-errors.filter';
import { Views } from './views/views';

/** Creates the accounts the config names (the first admin, the first SSO people) once the migrations ran. */
@Injectable()
class ConfiguredAccounts implements OnApplicationBootstrap {
  constructor(private readonly accounts: AccountsService) {}

  onApplicationBootstrap(): Promise<void> {
    return this.accounts.ensureConfiguredAccounts();
  }
}

/**
 * The web console: pages for ops, marketing and admins, signed in personally (a password, or the company's OIDC
 * provider). It keeps only accounts and sessions; everything else it reads and changes through the services' HTTP
 * APIs, acting for the person signed in (see ServicesClient).
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        DatabaseModule.forService({ url: config.databaseUrl, schema: 'console', entities: [], migrations: [StaffAccountsAndSessions1765800000000], poolSize: 5 }),
      ],
      controllers: [SignInController, HomeController, IncidentsController, IncidentLiveController, IncidentReportController, MaintenanceController, CustomersController, InboundController, DeadLettersController, PromisesController, CampaignsController, CampaignLiveController, RemindersController, PeopleController, AuditPageController, AssetsController, HealthController, ...(config.testClock ? [TestClockController] : [])],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: Clock, useValue: config.testClock ? new ShiftableClock() : new SystemClock() },
        { provide: SessionCookie, useValue: new SessionCookie(config.publicUrl) },
        AccountsRepository,
        AccountsService,
        SessionsRepository,
        SessionService,
        SsoService,
        PeopleService,
        ServicesClient,
        IncidentReview,
        CampaignComposer,
        Views,
        ConfiguredAccounts,
        AuditRepository,
        { provide: APP_GUARD, useClass: ConsoleGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useClass: PageErrorsFilter },
      ],
    };
  }
}
