#!/usr/bin/env bash
# Promotes a beta package version to released (needs 75% Apex coverage measured at creation).
# Usage: scripts/package-version-promote.sh <dev hub alias> <Ledgerbridge@x.y.z-n or 04t… id>
source "$(dirname "$0")/sf-env.sh"
hub="${1:?Usage: scripts/package-version-promote.sh <dev hub alias> <version alias or 04t id>}"
version="${2:?Name the version, e.g. Ledgerbridge@0.1.0-1}"
sf package version promote --package "$version" --target-dev-hub "$hub" --no-prompt
