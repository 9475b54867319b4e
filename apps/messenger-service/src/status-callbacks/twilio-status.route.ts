import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { FastAnswer, FastRequest, FastRoutes, formFields } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { GroupCommit } from '../delivery/group-commit';
import { MESSAGE_STATUSES, MessageStatus } from '../delivery/message.entity';
import { MessagesRepository, StatusReport } from '../delivery/messages.repository';
import { TWILIO_STATUS_PATH } from '../providers/sms/twilio/twilio-sms.provider';
import { INVALID_TWILIO_SIGNATURE, signedByTwilio } from './twilio-signature.guard';

/** Twilio's status callbacks are a few hundred bytes; this leaves room for the fields it adds. */
const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * Twilio tells us what became of a text (`POST /webhooks/twilio/status`): three callbacks for every text of a fan-out,
 * so it is a FastRoute, served before Express and Nest. Verified by signature (403 otherwise); idempotent and
 * order-safe (see MessagesRepository.reportStatuses); answered 204 once the status is written.
 */
@Injectable()
export class TwilioStatusRoute implements OnModuleInit {
  /**
   * Callbacks come by the thousand in a fan-out: written together, each answered once written. Gathered for up to
   * 50 ms (Twilio waits 15 s for an answer): every statement costs the messenger a write to PostgreSQL's socket, and
   * the callbacks were a third of its statements.
   */
  private readonly reports: GroupCommit<StatusReport>;

  constructor(
    private readonly routes: FastRoutes,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
    messages: MessagesRepository,
  ) {
    this.reports = new GroupCommit((reports) => messages.reportStatuses(reports), { maxDelayMs: 50, maxItems: 1000 });
  }

  onModuleInit(): void {
    this.routes.add({ method: 'POST', path: TWILIO_STATUS_PATH, maxBodyBytes: MAX_CALLBACK_BYTES, handle: (request) => this.statusChanged(request) });
  }

  async statusChanged(request: FastRequest): Promise<FastAnswer> {
    const body = formFields(request);
    const signature = request.headers['x-twilio-signature'];
    if (!signedByTwilio(this.config, typeof signature === 'string' ? signature : undefined, request.url, body)) return { status: 403, message: INVALID_TWILIO_SIGNATURE };
    // Twilio posts many fields (and adds new ones); only these matter. A status we do not track is ignored.
    const status = body.MessageStatus as MessageStatus;
    if (body.MessageSid && MESSAGE_STATUSES.includes(status)) await this.reports.add({ providerId: body.MessageSid, status, errorCode: body.ErrorCode });
    return { status: 204 };
  }
}
