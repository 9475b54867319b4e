import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { WelcomeBackResponse } from './dto/welcome-back.dto';
import { WelcomeBackService } from './welcome-back.service';

@ApiTags('subscribers')
@Roles('admin')
@Controller('subscribers/:id/welcome-backs')
export class WelcomeBacksController {
  constructor(private readonly welcomeBacks: WelcomeBackService) {}

  /** Her returns and what became of each welcome-back (pending and what it waits for, sent, skipped and why). */
  @Get()
  @ApiOkResponse({ type: WelcomeBackResponse, isArray: true })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<WelcomeBackResponse[]> {
    return this.welcomeBacks.of(id);
  }
}
