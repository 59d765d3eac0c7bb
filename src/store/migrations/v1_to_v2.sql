-- Schema version 1 → 2. Every object added to `schema.sql` in version 2 is created here
-- too (a test compares an upgraded database with a fresh one).

PRAGMA user_version = 2;
