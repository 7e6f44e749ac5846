-- Up Migration
-- Signaalbot on PostgreSQL (ADR 0015). Personal data arrives sealed (AES-256-GCM, "v1:..."):
-- the database holds ciphertext, ids, codes and dates only.

CREATE TABLE signals (
  id text PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  submission_key text UNIQUE,
  reporter_chat_key text,
  signaalpunt_id text NOT NULL,
  status text NOT NULL,
  created_at text NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL,
  posts jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX signals_reporter ON signals (reporter_chat_key);
CREATE INDEX signals_created ON signals (created_at, id);

CREATE TABLE signal_sequences (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

CREATE TABLE outbox (
  id text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL,
  signaalpunt_id text,
  signal_id text,
  created_at text NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  sent_at text,
  lease_until timestamptz,
  lease_owner text,
  doc jsonb NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_signal ON outbox (signal_id);

CREATE TABLE link_codes (
  code_hash text PRIMARY KEY,
  signaalpunt_id text NOT NULL,
  purpose text NOT NULL,
  expires_at text NOT NULL,
  used_at text
);

CREATE TABLE channel_links (
  signaalpunt_id text PRIMARY KEY,
  team_id text NOT NULL,
  channel_id text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX channel_links_channel ON channel_links (team_id, channel_id);

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  doc jsonb NOT NULL
);

CREATE TABLE team_rosters (
  team_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  members text[] NOT NULL
);

CREATE TABLE circles (
  id text PRIMARY KEY,
  version integer NOT NULL,
  doc jsonb NOT NULL
);

CREATE TABLE circle_invites (
  code_hash text PRIMARY KEY,
  circle_id text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX circle_invites_circle ON circle_invites (circle_id);

CREATE TABLE circle_rounds (
  circle_id text NOT NULL,
  date text NOT NULL,
  version integer NOT NULL,
  open_escalation boolean NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (circle_id, date)
);

CREATE TABLE circle_events (
  key text PRIMARY KEY,
  at text NOT NULL,
  outcome text NOT NULL
);

-- Row 1 is bumped by every change to circle definitions, row 2 when a round gets an open
-- escalation: the instance running the tick rebuilds its index when either moved.
CREATE TABLE circle_changes (
  id integer PRIMARY KEY CHECK (id IN (1, 2)),
  version bigint NOT NULL
);
INSERT INTO circle_changes (id, version) VALUES (1, 0), (2, 0);

CREATE TABLE bot_state (
  key text PRIMARY KEY,
  etag text NOT NULL,
  doc jsonb NOT NULL
);

-- Down Migration
DROP TABLE bot_state, circle_changes, circle_events, circle_rounds, circle_invites, circles,
  team_rosters, audit_log, channel_links, link_codes, outbox, signal_sequences, signals;
