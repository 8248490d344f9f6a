import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { usersConfig } from '../users/users.config';
import { AccountIssuer } from './account-issuer.service';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [ConfigModule.forFeature(usersConfig)],
  providers: [OrganizationsService, AccountIssuer],
  exports: [OrganizationsService, AccountIssuer],
})
export class OrganizationsModule {}
