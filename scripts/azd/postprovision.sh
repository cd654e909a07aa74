#!/bin/sh
# azd postprovision hook (azure.yaml): applies the migrations to the database just provisioned, from this
# machine (let through the firewall as DEPLOYER_IP_ADDRESS). The Functions host never migrates on start:
# many instances start at once on scale-out, and a schema change belongs to the deployment.
# azd passes the environment's values and the Bicep outputs (POSTGRES_*) as environment variables.
set -eu
cd "$(dirname "$0")/../.."
: "${POSTGRES_HOST:?run through azd: the Bicep outputs are missing}"
: "${POSTGRES_DATABASE:?}" "${POSTGRES_ADMIN_LOGIN:?}" "${POSTGRES_ADMIN_PASSWORD:?}"
ConnectionStrings__Fowergram="Host=$POSTGRES_HOST;Port=5432;Database=$POSTGRES_DATABASE;Username=$POSTGRES_ADMIN_LOGIN;Password=$POSTGRES_ADMIN_PASSWORD;SSL Mode=VerifyFull"
export ConnectionStrings__Fowergram
exec bash scripts/run-migrations.sh migrate
