import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@prespond/platform';
import { FollowResponse } from './dto/follow.dto';
import { FollowsService } from './follows.service';

@ApiTags('subscribers')
@Roles('admin')
@Controller('subscribers/:id/follows')
export class FollowsController {
  constructor(private readonly follows: FollowsService) {}

  @Get()
  @ApiOkResponse({ type: FollowResponse, isArray: true })
  list(@Param('id', ParseUUIDPipe) id: string): Promise<FollowResponse[]> {
    return this.follows.followsOf(id);
  }
}
