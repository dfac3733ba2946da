import { inject } from "vitest";

// lib/ code reads the database from DATABASE_URL (lib/db/client.ts `db()`): point it at the test server.
process.env.DATABASE_URL = inject("databaseUrl");
