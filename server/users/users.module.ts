import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHistoryEntry } from './password-history.entity';
import { User } from './user.entity';
import { PasswordConfirmation } from './password-confirmation';
import { usersConfig } from './users.config';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Owns `users` and `password_history`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, PasswordHistoryEntry]),
    ConfigModule.forFeature(usersConfig),
  ],
  providers: [UsersRepository, UsersService, PasswordConfirmation],
  exports: [UsersRepository, UsersService, PasswordConfirmation],
})
export class UsersModule {}
