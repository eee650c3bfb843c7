#!/bin/sh
# Runs once, when the postgres container first creates its data directory
# (docker-entrypoint-initdb.d). POSTGRES_USER owns the tables and migrates
# (MIGRATION_DATABASE_URL); the api and worker connect as APP_DB_USER, which
# owns nothing: the migrations grant it rows (select/insert/update/delete),
# and on audit_log only select and insert, so it can neither rewrite the log
# nor switch off the trigger that keeps it append-only.
# An existing data directory skips this: run the same SQL once by hand (README).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="${APP_DB_USER:-minping_app}" -v app_password="${APP_DB_PASSWORD:?set APP_DB_PASSWORD}" -v db="$POSTGRES_DB" <<'SQL'
create role :"app_user" login password :'app_password';
grant connect on database :"db" to :"app_user";
-- Only the owner creates objects here (PostgreSQL 15+ already says so).
revoke create on schema public from public;
SQL
