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
# L'empreinte du contenu des sources (et non leur date : les tests réécrivent les types générés
# de ui/src/bindings à l'identique), gardée dans ui/dist après chaque construction.
EMPREINTE="$UI/dist/.sources.sha256"

empreinte() {
  (cd "$UI" && find src index.html package.json package-lock.json vite.config.* \
    tsconfig*.json svelte.config.* -type f -print0 2>/dev/null | sort -z |
    xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

ACTUELLE="$(empreinte)"
if [ "${1:-}" != "--force" ] && [ -f "$UI/dist/index.html" ] && [ -f "$EMPREINTE" ] &&
  [ "$(cat "$EMPREINTE")" = "$ACTUELLE" ]; then
  printf '==> Interface déjà construite et à jour (ui/dist).\n'
  exit 0
fi
printf '==> Construction de l’interface (npm run build dans ui/)…\n'
(cd "$UI" && npm run build)
printf '%s\n' "$ACTUELLE" > "$EMPREINTE"
