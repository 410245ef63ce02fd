-- The application's role when another role owns the schema (src/site/markdown/audit-proof.md, "The database roles").
-- Run as the owner (idv_owner, which runs the migrations: spring.flyway.user), in the schema, after each migration
-- that adds tables. idv_app reads and writes the ledger as before; the audit tables it may only read, append to and,
-- for the sanctioned removals the append-only triggers let through, delete from; it can neither UPDATE nor TRUNCATE
-- them, nor disable their triggers (only an owner or a superuser can).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA idv_schema TO idv_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA idv_schema TO idv_app;
REVOKE UPDATE, TRUNCATE ON operator_action, console_audit, evidence_audit, provider_deletion, provider_deletion_check
    FROM idv_app;
REVOKE UPDATE, DELETE, TRUNCATE ON reconcile_explanation, reconcile_month_action, reconcile_month_lock, audit_digest
    FROM idv_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain, audit_chain_removed FROM idv_app;
