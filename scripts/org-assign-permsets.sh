#!/usr/bin/env bash
# Assigns Ledgerbridge permission sets.
# Usage: scripts/org-assign-permsets.sh <org> <permission set> [username ...]
#   scripts/org-assign-permsets.sh acme Ledgerbridge_User rep1@acme.com rep2@acme.com
#   scripts/org-assign-permsets.sh acme Ledgerbridge_Integration relay-integration@acme.com
# Without usernames the permission set goes to the org's default (your) user.
source "$(dirname "$0")/sf-env.sh"
org="${1:?Usage: scripts/org-assign-permsets.sh <org> <permission set> [username ...]}"
permset="${2:?Name a permission set: Ledgerbridge_Admin, Ledgerbridge_User or Ledgerbridge_Integration}"
shift 2
if [ "$#" -eq 0 ]; then
  sf org assign permset --name "$permset" --target-org "$org"
else
  for user in "$@"; do sf org assign permset --name "$permset" --target-org "$org" --on-behalf-of "$user"; done
fi
