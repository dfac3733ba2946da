// What a database's `public` schema is made of, read from pg_catalog, in a form two databases can be
// compared by (sorted by name, not by creation order: a column added by a later migration must
// equal the same column in a CREATE TABLE). `_prisma_migrations` is left out.
import pg from "pg";

export interface Catalog {
  tables: { table: string; kind: string }[];
  columns: { table: string; column: string; type: string; notNull: boolean; default: string | null; identity: string; generated: string; collation: string | null }[];
  indexes: { table: string; index: string; definition: string }[];
  constraints: { table: string; name: string; type: string; definition: string; deferrable: boolean; deferred: boolean }[];
  enums: { name: string; labels: string[] }[];
  sequences: { name: string; type: string; increment: string; ownedBy: string | null }[];
}

const IGNORED = "_prisma_migrations";

export async function readCatalog(connectionString: string, schema = "public"): Promise<Catalog> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql, [schema, IGNORED])).rows;
  try {
    const tables = await q<Catalog["tables"][number]>(`
      SELECT c.relname AS "table", c.relkind::text AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> $2
      ORDER BY 1`);
    const columns = await q<Catalog["columns"][number]>(`
      SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default",
             a.attidentity::text AS identity, a.attgenerated::text AS generated, co.collname AS collation
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> $2 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1, 2`);
    const indexes = await q<Catalog["indexes"][number]>(`
      SELECT tablename AS "table", indexname AS index, indexdef AS definition
      FROM pg_indexes WHERE schemaname = $1 AND tablename <> $2
      ORDER BY 1, 2`);
    const constraints = await q<Catalog["constraints"][number]>(`
      SELECT cl.relname AS "table", co.conname AS name, co.contype::text AS type, pg_get_constraintdef(co.oid) AS definition,
             co.condeferrable AS deferrable, co.condeferred AS deferred
      FROM pg_constraint co
      JOIN pg_class cl ON cl.oid = co.conrelid
      JOIN pg_namespace n ON n.oid = co.connamespace
      WHERE n.nspname = $1 AND cl.relname <> $2
      ORDER BY 1, 2`);
    const enums = await q<Catalog["enums"][number]>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typname <> $2
      GROUP BY t.typname ORDER BY 1`);
    const sequences = await q<Catalog["sequences"][number]>(`
      SELECT s.relname AS name, format_type(sq.seqtypid, NULL) AS type, sq.seqincrement::text AS increment,
             (SELECT tc.relname || '.' || a.attname
                FROM pg_depend dep
                JOIN pg_class tc ON tc.oid = dep.refobjid
                JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
               WHERE dep.objid = s.oid AND dep.classid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
               LIMIT 1) AS "ownedBy"
      FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace JOIN pg_sequence sq ON sq.seqrelid = s.oid
      WHERE n.nspname = $1 AND s.relkind = 'S' AND s.relname NOT LIKE $2 || '%'
      ORDER BY 1`);
    return { tables, columns, indexes, constraints, enums, sequences };
  } finally {
    await client.end();
  }
}

/** Runs a whole SQL script as one simple query (one implicit transaction), as a migration runs. */
export async function runScript(connectionString: string, script: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
}
