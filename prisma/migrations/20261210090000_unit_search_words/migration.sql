-- The words callers use for a unit's work, searched by the santral's directory
-- (server/services/directory/unit-search-words.ts). Null until set: the reference seed fills the
-- regulation's units once (prisma/seed-data/unit-search-words.ts); an admin's edit, even to empty, stays.
ALTER TABLE "Unit" ADD COLUMN "searchWords" TEXT;
