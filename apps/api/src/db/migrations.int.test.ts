import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDMMF } from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, uniqueDatabaseName, withAdmin } from '../../test/postgres';
import { defaultMigrationsDir, migrate, readMigrations } from './migrate';
import { createDatabase } from './prisma';

type DMMF = Awaited<ReturnType<typeof getDMMF>>;

let name: string;
let url: string;
let dmmf: DMMF;

beforeAll(async () => {
  name = uniqueDatabaseName('bok_test_migrations');
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  url = databaseUrl(name);
  const datamodel = readFileSync(join(defaultMigrationsDir(), '..', 'schema.prisma'), 'utf8');
  dmmf = await getDMMF({ datamodel });
});
afterAll(async () => {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The PostgreSQL type Prisma maps a field to, as information_schema names it. */
function expectedType(field: DMMF['datamodel']['models'][number]['fields'][number]): string {
  if (field.isList) return 'ARRAY';
  if (field.kind === 'enum') return `USER-DEFINED:${field.type}`;
  const native = field.nativeType?.[0];
  if (native === 'Uuid') return 'uuid';
  if (native === 'Timestamptz') return 'timestamp with time zone';
  const scalar: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    Boolean: 'boolean',
    DateTime: 'timestamp without time zone',
    Json: 'jsonb',
    BigInt: 'bigint',
    Float: 'double precision',
  };
  return scalar[field.type] ?? `unknown:${field.type}`;
}

describe('migrations', () => {
  it('apply in order, each recorded in _prisma_migrations as Prisma Migrate records it', async () => {
    const result = await migrate(url);
    const files = readMigrations();
    expect(result.applied).toEqual(files.map((file) => file.name));

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(
      files.map((file) => [file.name, file.checksum]),
    );
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
    // A second run has nothing to do.
    expect((await migrate(url)).applied).toEqual([]);
  });

  it('produce exactly the tables and columns the Prisma schema describes', async () => {
    const columns = await query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = new Map<string, Map<string, { type: string; nullable: boolean }>>();
    for (const column of columns) {
      const table = actual.get(column.table_name) ?? new Map();
      const type = column.data_type === 'USER-DEFINED' ? `USER-DEFINED:${column.udt_name}` : column.data_type;
      table.set(column.column_name, { type, nullable: column.is_nullable === 'YES' });
      actual.set(column.table_name, table);
    }

    const models = dmmf.datamodel.models;
    expect([...actual.keys()].sort()).toEqual(models.map((model) => model.dbName ?? model.name).sort());
    for (const model of models) {
      const table = actual.get(model.dbName ?? model.name)!;
      const scalarFields = model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
      const expected = Object.fromEntries(
        scalarFields.map((field) => [
          field.dbName ?? field.name,
          // Prisma Migrate leaves list columns nullable (an empty list is stored as '{}').
          { type: expectedType(field), nullable: field.isList || !field.isRequired },
        ]),
      );
      expect(Object.fromEntries(table), model.name).toEqual(expected);
    }
  });

  it('create the enums with the values the Prisma schema lists', async () => {
    const rows = await query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((row) => [row.typname, row.labels]));
    const expected = Object.fromEntries(
      dmmf.datamodel.enums.map((enumType) => [
        enumType.dbName ?? enumType.name,
        enumType.values.map((value) => value.name),
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('let the Prisma client read every model', async () => {
    const { prisma, close } = createDatabase(url, 2);
    try {
      const delegates = dmmf.datamodel.models.map((model) => model.name.charAt(0).toLowerCase() + model.name.slice(1));
      for (const delegate of delegates) {
        const client = prisma as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>;
        const rows = await client[delegate]!.findMany({ take: 1 });
        // The standing agenda is product data the migration writes; every other table starts empty.
        expect(rows, delegate).toHaveLength(delegate === 'agendaTemplateItem' ? 1 : 0);
      }
    } finally {
      await close();
    }
  });

  it('refuse to run over a migration edited after it was applied', async () => {
    const [first] = readMigrations();
    await query('UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2', [
      '0'.repeat(64),
      first!.name,
    ]);
    await expect(migrate(url)).rejects.toThrow(/edited after it was applied/);
    await query('UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2', [
      first!.checksum,
      first!.name,
    ]);
  });

  it('serialise concurrent runs on the migrate lock', async () => {
    const other = uniqueDatabaseName('bok_test_migrations');
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${other}"`));
    try {
      const results = await Promise.all([
        migrate(databaseUrl(other)),
        migrate(databaseUrl(other)),
        migrate(databaseUrl(other)),
      ]);
      expect(results.flatMap((result) => result.applied)).toEqual(readMigrations().map((file) => file.name));
    } finally {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${other}" WITH (FORCE)`));
    }
  });
});
