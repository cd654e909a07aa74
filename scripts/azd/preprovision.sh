#!/bin/sh
# azd preprovision hook (azure.yaml). Fills in what infra/main.parameters.json needs and nobody should
# have to invent: a PostgreSQL administrator password and an access-token signing key (random, kept in
# the azd environment only, never printed), and this machine's public IPv4 address, which the database
# firewall lets in so the postprovision hook can apply the migrations. Stops early, saying what to set,
# when the mail settings the Functions host requires are missing.
set -eu

value() { azd env get-values | sed -n "s/^$1=\"\(.*\)\"\$/\1/p"; }

missing=""
for name in SMTP_HOST MAIL_FROM LINK_BASE_URL; do
  [ -n "$(value "$name")" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "Set these first (docs/deploy.md):$missing" >&2
  echo "  e.g. azd env set SMTP_HOST smtp.example.com; azd env set MAIL_FROM 'Fowergram <no-reply@example.com>'; azd env set LINK_BASE_URL https://app.example.com" >&2
  exit 1
fi

if [ -z "$(value POSTGRES_ADMIN_PASSWORD)" ]; then
  # Letters and digits only (safe in a connection string), plus one of each class Azure asks for.
  azd env set POSTGRES_ADMIN_PASSWORD "$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | cut -c1-32)Aa1" >/dev/null
  echo "Generated POSTGRES_ADMIN_PASSWORD into the azd environment."
fi
if [ -z "$(value AUTH_SIGNING_KEY)" ]; then
  azd env set AUTH_SIGNING_KEY "$(openssl rand -base64 32)" >/dev/null
  echo "Generated AUTH_SIGNING_KEY into the azd environment."
fi

ip="$(curl -fsS --max-time 10 https://api.ipify.org 2>/dev/null || true)"
case "$ip" in
  *[!0-9.]*|"") echo "Could not learn this machine's public IPv4 address; the database firewall will not let the migrations in." >&2; ip="" ;;
esac
azd env set DEPLOYER_IP_ADDRESS "$ip" >/dev/null
