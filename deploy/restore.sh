#!/bin/sh
# Restore a dump made by deploy/backup.sh into DATABASE_URL's database,
# replacing what is there, in one transaction (all or nothing).
#   systemctl stop shop-web shop-worker
#   DATABASE_URL=postgres://… deploy/restore.sh /var/backups/shop/shop-….dump
#   systemctl start shop-web shop-worker
set -eu
: "${DATABASE_URL:?set DATABASE_URL (as in /etc/shop/shop.env)}"
dump=${1:?usage: restore.sh DUMP_FILE}
pg_restore --clean --if-exists --no-owner --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$dump"
echo "restored $dump"
