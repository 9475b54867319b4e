import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, Equals, IsEmail, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { Cadence, CADENCES, Channel, CHANNELS } from '@prespond/contracts';
import { IsTagList } from '@prespond/platform';
import { IsE164Phone, IsLocale, IsTimeZone } from '../../subscribers/dto/contact-validators';

/** Someone asks, on the status page, to hear about what affects the services she chose. */
export class RequestSelfSubscriptionDto {
  @ApiProperty({ example: 'Ada', description: 'What we call her in our messages.' })
  @IsString() @Length(1, 200, { message: 'tell us what to call you (up to 200 characters)' })
  name: string;

  @ApiProperty({ enum: CHANNELS, description: 'How she wants to hear from us: confirmed by a link (email) or a code (sms).' })
  @IsIn(CHANNELS, { message: 'choose email or text' })
  channel: Channel;

  @ApiPropertyOptional({ example: 'ada@example.com', description: 'Required for email.' })
  @ValidateIf((dto: RequestSelfSubscriptionDto) => dto.channel === 'email')
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail({}, { message: 'must be an email address' })
  email?: string;

  @ApiPropertyOptional({ example: '+4915112345678', description: 'E.164. Required for sms.' })
  @ValidateIf((dto: RequestSelfSubscriptionDto) => dto.channel === 'sms')
  @IsE164Phone()
  phone?: string;

  @ApiProperty({ example: ['internet', 'tv'], description: 'The components she wants to hear about.' })
  @IsTagList() @ArrayMinSize(1, { message: 'choose at least one' })
  components: string[];

  @ApiProperty({ example: ['berlin'], description: 'The regions she wants to hear about.' })
  @IsTagList() @ArrayMinSize(1, { message: 'choose at least one' })
  regions: string[];

  @ApiPropertyOptional({ enum: CADENCES, description: 'How often she hears about an incident; omitted: by its severity.' })
  @IsOptional() @IsIn(CADENCES)
  cadence?: Cadence;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({ example: 'en', default: 'en' })
  @IsOptional() @IsLocale()
  locale?: string;

  @ApiProperty({ description: 'The consent wording the page showed her, recorded with her consent when she confirms.' })
  @IsString() @Length(10, 1000)
  consentWording: string;

  @ApiProperty({ description: 'She ticked the consent box.', example: true })
  @Equals(true, { message: 'must be ticked to subscribe' })
  consent: boolean;
}

export class SelfSubscriptionRequestedResponse {
  @ApiProperty({ description: 'Quote it with the code (sms).' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Until when the link or code works.' }) expiresAt: string;
}

export class ConfirmByLinkDto {
  @ApiProperty({ description: 'The token of the link in her email.' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'is not a confirmation link of ours' })
  token: string;
}

export class ConfirmByCodeDto {
  @ApiProperty({ example: '123456', description: 'The code we texted her.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value))
  @IsString() @Matches(/^\d{6}$/, { message: 'must be the 6 digits we texted you' })
  code: string;
}

export class SelfSubscriptionConfirmedResponse {
  @ApiProperty() subscriberId: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: [String] }) components: string[];
  @ApiProperty({ type: [String] }) regions: string[];
  @ApiProperty({ description: 'False: she was subscribed already and her choices were added to what she had.' }) created: boolean;
}
