#!/usr/bin/env bash
# Creates a scratch org from config/project-scratch-def.json, deploys the package and assigns the
# permission sets. Needs a Dev Hub you have authorized: sf org login web --set-default-dev-hub
# Usage: scripts/org-create-scratch.sh [alias] [days]
source "$(dirname "$0")/sf-env.sh"
alias="${1:-ledgerbridge}"
days="${2:-7}"
sf org create scratch --definition-file config/project-scratch-def.json --alias "$alias" --duration-days "$days" --set-default --wait 15
"$root/scripts/org-deploy.sh" "$alias"
