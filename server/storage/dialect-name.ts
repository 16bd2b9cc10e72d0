/** The SQL dialects Parley runs on: migrations and queries branch on it where the two differ. */
export type DialectName = 'sqlite' | 'postgres';
