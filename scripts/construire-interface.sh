#!/usr/bin/env bash
# Construit l'interface (ui/dist) si elle manque ou si une source a changé depuis.
#
#   bash scripts/construire-interface.sh          # seulement si nécessaire
#   bash scripts/construire-interface.sh --force  # toujours
#
# Partagé par scripts/lancer.sh et scripts/tester.sh : après les tests, le lancement ne
# reconstruit rien (ui/dist est embarqué dans l'application ; le reconstruire pour rien ferait
# recompiler la coquille).
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UI="$RACINE/ui"
REPERE="$UI/dist/index.html"

a_jour() {
  [ -f "$REPERE" ] || return 1
  local plus_recent
  plus_recent="$(find "$UI/src" "$UI/index.html" "$UI/package-lock.json" "$UI"/vite.config.* \
    "$UI"/tsconfig*.json "$UI"/svelte.config.* -newer "$REPERE" -print -quit 2>/dev/null)"
  [ -z "$plus_recent" ]
}

if [ "${1:-}" != "--force" ] && a_jour; then
  printf '==> Interface déjà construite et à jour (ui/dist).\n'
  exit 0
fi
printf '==> Construction de l’interface (npm run build dans ui/)…\n'
cd "$UI"
npm run build
