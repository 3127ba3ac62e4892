#!/usr/bin/env bash
# Builds the Lightning components (TypeScript → JavaScript beside each bundle), deploys force-app to
# an org, and assigns the Ledgerbridge_Admin permission set to the deploying user.
# Usage: scripts/org-deploy.sh <org alias or username> [--dry-run]
source "$(dirname "$0")/sf-env.sh"
org="${1:?Usage: scripts/org-deploy.sh <org alias or username> [--dry-run]}"
node scripts/build-lwc.ts
if [ "${2:-}" = "--dry-run" ]; then
  sf project deploy validate --source-dir force-app --target-org "$org" --wait 30
  exit 0
fi
sf project deploy start --source-dir force-app --target-org "$org" --wait 30
"$root/scripts/org-assign-permsets.sh" "$org" Ledgerbridge_Admin
