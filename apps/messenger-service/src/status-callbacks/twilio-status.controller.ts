import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@prespond/platform';
import { MESSAGE_STATUSES, MessageStatus } from '../delivery/message.entity';
import { GroupCommit } from '../delivery/group-commit';
import { MessagesRepository, StatusReport } from '../delivery/messages.repository';
import { TWILIO_STATUS_PATH } from '../providers/sms/twilio/twilio-sms.provider';
import { TwilioSignatureGuard } from './twilio-signature.guard';

/** Twilio tells us what became of a text. Verified by signature; idempotent and order-safe. */
@ApiExcludeController()
@Public()
@Controller()
export class TwilioStatusController {
  /** Callbacks come by the thousand in a fan-out (three per text): written together, each answered once written. */
  private readonly reports: GroupCommit<StatusReport>;

  constructor(messages: MessagesRepository) {
    this.reports = new GroupCommit((reports) => messages.reportStatuses(reports));
  }

  @Post(TWILIO_STATUS_PATH)
  @HttpCode(204)
  @UseGuards(TwilioSignatureGuard)
  async statusChanged(@Body() body: Record<string, string>): Promise<void> {
    // Twilio posts many fields (and adds new ones); only these matter. A status we do not track is ignored.
    const status = body.MessageStatus as MessageStatus;
    if (!body.MessageSid || !MESSAGE_STATUSES.includes(status)) return;
    await this.reports.add({ providerId: body.MessageSid, status, errorCode: body.ErrorCode });
  }
}
