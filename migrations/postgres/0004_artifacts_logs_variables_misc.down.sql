-- 0004_artifacts_logs_variables_misc (Postgres, down): drops the tables created by the
-- matching .up.sql, in reverse order.

DROP TABLE csrf_token;
DROP TABLE saved_search;
DROP TABLE configuration;
DROP TABLE variable;
DROP TABLE log;
DROP TABLE artifact_collection;
DROP TABLE artifact;
