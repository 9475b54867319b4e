import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { DEFAULT_WELCOME_BACK_AFTER_DAYS } from './away';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';

/** How welcome-backs work here (set in the environment: WELCOME_BACK_AFTER_DAYS, WELCOME_BACK_INTERVAL_MS). */
export class WelcomeBackSettingsResponse {
  @ApiProperty({ example: 60, description: 'An activity after at least this many days away is a return: she gets one welcome-back.' })
  afterDays: number;

  @ApiProperty({ example: 10_000, description: 'How often pending welcome-backs are sent (0: never; they wait for her open incident to end).' })
  intervalMs: number;

  @ApiProperty({ example: ['WELCOME_BACK_AFTER_DAYS', 'WELCOME_BACK_INTERVAL_MS'], description: 'Where they are set: the service\'s environment.' })
  setBy: string[];
}

/** What marketing can know of the welcome-back rules (changing them is a deployment setting, not an API call). */
@ApiTags('welcome-back')
@Roles('marketing')
@Controller('welcome-back/settings')
export class WelcomeBackSettingsController {
  constructor(@Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig) {}

  @Get()
  @ApiOkResponse({ type: WelcomeBackSettingsResponse })
  get(): WelcomeBackSettingsResponse {
    return { afterDays: this.config.welcomeBackAfterDays ?? DEFAULT_WELCOME_BACK_AFTER_DAYS, intervalMs: this.config.welcomeBackIntervalMs ?? 0, setBy: ['WELCOME_BACK_AFTER_DAYS', 'WELCOME_BACK_INTERVAL_MS'] };
  }
}
