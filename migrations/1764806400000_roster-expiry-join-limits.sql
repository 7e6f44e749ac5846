-- Up Migration
-- Issue 11: team members as keyed HMACs with when they were last seen (the members array is
-- emptied by the app at start, which has the key), and durable join-attempt counters.
ALTER TABLE team_rosters ADD COLUMN seen jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE TABLE join_limits (
  scope text NOT NULL,
  key text NOT NULL,
  doc jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);

-- Down Migration
DROP TABLE join_limits;
ALTER TABLE team_rosters DROP COLUMN seen;
