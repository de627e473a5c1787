-- Citizen search by part of a phone number (server/services/citizens/citizen-search.ts): the start of a
-- number is found with "e164" LIKE '+90532599%', its last digits with reverse("e164") LIKE '4321%'.
-- text_pattern_ops lets a btree answer LIKE with a fixed start whatever the database's collation (the
-- Prisma index on "e164" uses the default one, which only helps equality). Prisma's schema cannot
-- express operator classes on a btree or expression indexes, and its diff leaves both alone
-- (`npm run db:check` on PostgreSQL, `diff` on PGlite), as it leaves the CHECK constraints and triggers
-- of the *_integrity_guards migration (docs/prisma-offline.md §4).
CREATE INDEX "CitizenPhone_e164_prefix_idx" ON "CitizenPhone" ("e164" text_pattern_ops);
CREATE INDEX "CitizenPhone_e164_reversed_idx" ON "CitizenPhone" (reverse("e164") text_pattern_ops);
