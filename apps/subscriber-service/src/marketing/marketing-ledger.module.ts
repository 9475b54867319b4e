import { Module } from '@nestjs/common';
import { MarketingLedgerRepository } from './marketing-ledger.repository';

@Module({ providers: [MarketingLedgerRepository], exports: [MarketingLedgerRepository] })
export class MarketingLedgerModule {}
