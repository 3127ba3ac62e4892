# Sourced by the org scripts: use the project's own Salesforce CLI and Node, quietly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$PATH"
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_HIDE_RELEASE_NOTES=true SF_SKIP_NEW_VERSION_CHECK=true
cd "$root"
if ! command -v sf >/dev/null; then
  echo "The Salesforce CLI is missing: run npm install first." >&2
  exit 1
fi
