import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseModuleOptions {
  url: string;
  poolSize?: number;
}

@Injectable()
class MigrationsOnStart implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length > 0) {
      this.logger.log({ msg: 'migrations applied', migrations: applied.map((m) => m.name) });
    }
  }
}

/** The TypeORM connection; migrations are applied before the application starts serving. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(options.url, options.poolSize),
          // Each module registers the entities of the tables it owns (TypeOrmModule.forFeature).
          autoLoadEntities: true,
          retryAttempts: 3,
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, MigrationsOnStart],
    };
  }
}
