#!/usr/bin/env bash
# Starts the built Parley server for the end-to-end run, on a fresh data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3123}"
DATA="end2end/.data"
rm -rf "$DATA"
mkdir -p "$DATA"
BIN="${PARLEY_BIN:-target/debug/parley}"
export PARLEY_ADDR="127.0.0.1:$PORT"
export PARLEY_DATA_DIR="$DATA"
export DATABASE_URL="sqlite://$DATA/parley.db"
export PARLEY_ADMIN_EMAIL="admin@e2e.local"
export PARLEY_ADMIN_PASSWORD="e2e-password-123"
# The tests' back-ends (webhook receivers, order lookups) listen on 127.0.0.1.
export PARLEY_WEBHOOK_ALLOW_PRIVATE=on
# Mail (issue 22): a real SMTP server (aiosmtpd from .tools/py, writing a
# Maildir the tests read) takes what Parley sends; Parley's own listener
# takes the customers' answers. Ports next to the web server's.
PY=".tools/py/bin/python"
if [ -x "$PY" ] && "$PY" -c 'import aiosmtpd' 2> /dev/null; then
  "$PY" -m aiosmtpd -n -c aiosmtpd.handlers.Mailbox "$DATA/maildir" -l "127.0.0.1:$((PORT + 1))" &
  export PARLEY_SMTP_URL="smtp://127.0.0.1:$((PORT + 1))"
  export PARLEY_SMTP_LISTEN="127.0.0.1:$((PORT + 2))"
  export PARLEY_MAIL_DOMAIN="mail.e2e.test"
  export PARLEY_MAIL_GRACE=2
fi
export LEPTOS_SITE_ROOT="target/site"
export LEPTOS_SITE_PKG_DIR="pkg"
export LEPTOS_OUTPUT_NAME="parley"
exec "$BIN"
