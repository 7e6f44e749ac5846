-- Up Migration
-- ADR 0010 step 5: where a signal's team card was posted, recorded by the outbox in the transaction
-- that marks a signal.new to Teams sent, and kept when that message is pruned (no update of the
-- signal's row). Filled once from what the signal rows kept (signals.posts, no longer written) and
-- from the sent signal.new messages still in the outbox. No foreign key: the outbox does not need
-- the signal's row to exist. `seq` keeps the order posts were recorded in (the first per channel wins).
CREATE TABLE card_posts (
  signal_id text NOT NULL,
  conversation_id text NOT NULL,
  signaalpunt_id text NOT NULL,
  activity_id text,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (signal_id, conversation_id)
);

INSERT INTO card_posts (signal_id, conversation_id, signaalpunt_id, activity_id)
SELECT s.id, p.post->>'conversationId', COALESCE(p.post->>'signaalpuntId', ''), p.post->>'activityId'
FROM signals s CROSS JOIN LATERAL jsonb_array_elements(s.posts) WITH ORDINALITY AS p(post, n)
WHERE COALESCE(p.post->>'conversationId', '') <> ''
ORDER BY s.id, p.n
ON CONFLICT DO NOTHING;

INSERT INTO card_posts (signal_id, conversation_id, signaalpunt_id, activity_id)
SELECT o.signal_id, o.doc->'result'->>'conversationId', COALESCE(o.doc->'target'->>'signaalpuntId', ''), o.doc->'result'->>'activityId'
FROM outbox o
WHERE o.status = 'sent' AND o.signal_id IS NOT NULL AND o.doc->>'kind' = 'signal.new' AND o.doc->'target'->>'kind' = 'teams'
  AND COALESCE(o.doc->'result'->>'conversationId', '') <> ''
ORDER BY o.created_at COLLATE "C", o.id COLLATE "C"
ON CONFLICT DO NOTHING;

-- Down Migration
-- Back into the signal rows, where the version before kept them, then the table goes.
UPDATE signals s SET posts = s.posts || extra.posts
FROM (
  SELECT c.signal_id, jsonb_agg(jsonb_strip_nulls(jsonb_build_object('signaalpuntId', c.signaalpunt_id, 'conversationId', c.conversation_id, 'activityId', c.activity_id)) ORDER BY c.seq) AS posts
  FROM card_posts c JOIN signals s2 ON s2.id = c.signal_id
  WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(s2.posts) p WHERE p->>'conversationId' = c.conversation_id)
  GROUP BY c.signal_id
) extra
WHERE s.id = extra.signal_id;
DROP TABLE card_posts;
