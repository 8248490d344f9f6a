import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';

/** Owns `organizations`: the contracts (契約) and their service dates. */
@Module({
  imports: [TypeOrmModule.forFeature([Organization])],
  providers: [OrganizationsRepository],
  exports: [OrganizationsRepository],
})
export class OrganizationsModule {}
