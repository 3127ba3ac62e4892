#!/usr/bin/env bash
# Creates a new beta version of the Ledgerbridge 2GP package (sfdx-project.json: package
# "Ledgerbridge"). The first time, create the package itself:
#   sf package create --name Ledgerbridge --package-type Managed --path force-app --target-dev-hub <hub>
# Usage: scripts/package-version-create.sh <dev hub alias> [installation key]
source "$(dirname "$0")/sf-env.sh"
hub="${1:?Usage: scripts/package-version-create.sh <dev hub alias> [installation key]}"
node scripts/build-lwc.ts
if [ -n "${2:-}" ]; then key=(--installation-key "$2"); else key=(--installation-key-bypass); fi
sf package version create --package Ledgerbridge "${key[@]}" --code-coverage --wait 60 --target-dev-hub "$hub"
