-- 0001_blocks (Postgres, down): drops the block tables created by 0001_blocks.up.sql
-- (their indexes and constraints go with them).

DROP TABLE block_document_reference;
DROP TABLE block_document;
DROP TABLE block_schema_reference;
DROP TABLE block_schema;
DROP TABLE block_type;
