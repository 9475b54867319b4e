import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ROLES } from '@prespond/platform';
import { StaffAccount } from '../accounts/staff-account';
import { Allow, Person } from '../sessions/access';

/** Where each role starts: ops at the incident board, marketing at the campaigns, admins at the incident board. */
const START: Record<StaffAccount['role'], string> = { ops: '/incidents', marketing: '/campaigns', admin: '/incidents' };

@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Allow(...ROLES)
  start(@Person() person: StaffAccount, @Res() response: Response): void {
    response.redirect(303, START[person.role]);
  }
}
