#!/usr/bin/env bash
# The `backup` service of docker-compose.yml: scripts/backup once a day at $BACKUP_AT
# (HH:MM, container time). A failed backup is logged and retried the next day; check the
# service's log (`docker compose logs backup`) or the folder dates.
set -uo pipefail
at="${BACKUP_AT:-02:30}"
[[ "$at" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || { echo "BACKUP_AT must be HH:MM, not '$at'" >&2; exit 2; }
while true; do
    now=$(date +%s)
    next=$(date -d "today $at" +%s)
    [ "$next" -le "$now" ] && next=$(date -d "tomorrow $at" +%s)
    echo "next backup of ${DENTAL_DB} at $(date -d "@$next")"
    sleep $((next - now))
    /mnt/dental/scripts/backup "$DENTAL_DB" "$DENTAL_BACKUP_DIR" || echo "backup FAILED at $(date)" >&2
done
