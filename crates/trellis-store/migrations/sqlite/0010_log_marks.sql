-- Incremental reads of the operating log (issue 13): every log row keeps the log revision of
-- the write that stored or last changed it, so a server that analysed the log at revision R
-- reads only the rows with a later one. Rows stored before this migration keep 0.
ALTER TABLE meetings ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE escalations ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conflicts ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handoffs ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX meetings_rev ON meetings (rev);
CREATE INDEX decisions_rev ON decisions (rev);
CREATE INDEX escalations_rev ON escalations (rev);
CREATE INDEX conflicts_rev ON conflicts (rev);
CREATE INDEX handoffs_rev ON handoffs (rev);
