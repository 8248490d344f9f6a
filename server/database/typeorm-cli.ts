import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

// For `npm run migration:*`. Point DATABASE_URL at the server (for the embedded one, the URL that
// `npm start` logs at boot).
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to run TypeORM migration commands.');

// The entities by file name: every module's own, without this folder importing any feature.
export default new DataSource(
  buildDataSourceOptions(url, 2, [`${__dirname}/../**/*.entity.{ts,js}`]),
);
