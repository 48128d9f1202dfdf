-- Who said what about a goal (issue 18): a team's product and engineering leads may judge the
-- same goal differently. A goal keeps how its success is measured and who set it; a status
-- update keeps who recorded it (a person of the org; empty when not known, as for every goal
-- stored before this).
ALTER TABLE goals ADD COLUMN measure TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN set_by TEXT;
ALTER TABLE goal_updates ADD COLUMN recorded_by TEXT;
