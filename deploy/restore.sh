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
# Cached pages and fragments (Redis, and each process's own) are kept under
# the catalogue version: the restored number was used before, and since, for
# other content. Move it past every number this shop has used (microseconds
# since 1970 outrun one bump per change), so nothing cached before is read.
psql --quiet --no-psqlrc --set=ON_ERROR_STOP=1 --dbname="$DATABASE_URL" -c "
  INSERT INTO shop_catalogueversion (id, version, changed_at)
  VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, now())
  ON CONFLICT (id) DO UPDATE SET
    version = GREATEST(shop_catalogueversion.version + 1, EXCLUDED.version),
    changed_at = EXCLUDED.changed_at" >/dev/null
echo "restored $dump"
