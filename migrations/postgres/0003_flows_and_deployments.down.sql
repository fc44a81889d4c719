-- 0003_flows_and_deployments (Postgres, down): drops the flow, deployment and
-- deployment_schedule tables created by the matching .up.sql.

DROP TABLE deployment_schedule;
DROP TABLE deployment;
DROP TABLE flow;
