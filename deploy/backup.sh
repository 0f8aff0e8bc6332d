#!/bin/sh
# Dump the shop's database to $BACKUP_DIR (default /var/backups/shop) and
# keep the last $BACKUP_KEEP_DAYS days (default 14) of dumps.
#   DATABASE_URL=postgres://… deploy/backup.sh
# Restore one with deploy/restore.sh (docs/deploy.md, "Backups").
set -eu
: "${DATABASE_URL:?set DATABASE_URL (as in /etc/shop/shop.env)}"
dir=${BACKUP_DIR:-/var/backups/shop}
keep=${BACKUP_KEEP_DAYS:-14}
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
# Custom format: compressed, and pg_restore can restore it table by table.
# Written under a temporary name so a half-written dump is never "the latest".
pg_dump --format=custom --no-owner --file="$dir/shop-$stamp.dump.part" "$DATABASE_URL"
mv "$dir/shop-$stamp.dump.part" "$dir/shop-$stamp.dump"
find "$dir" -name 'shop-*.dump' -mtime +"$keep" -delete
echo "$dir/shop-$stamp.dump"
