#!/usr/bin/env bash
# Construit et lance Atelier CPOM (version de développement).
#
#   bash scripts/lancer.sh
#
# Installe d'abord ce qui manque (scripts/installer-dependances.sh), construit l'interface
# (ui/dist) si elle a changé, puis lance l'application. Après `./scripts/tester.sh`, rien n'est
# recompilé : les tests construisent l'application de la même façon. Sans écran (ni DISPLAY ni WAYLAND_DISPLAY), elle tourne
# sous un écran virtuel (xvfb-run) : la commande marche, mais la fenêtre n'est pas visible.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

info() { printf '==> %s\n' "$*"; }

etape_dependances() {
  bash "$RACINE/scripts/installer-dependances.sh"
}

etape_interface() {
  bash "$RACINE/scripts/construire-interface.sh"
}

etape_lancement() {
  cd "$RACINE"
  local commande=(cargo run -p cpom-desktop --bin atelier-cpom)
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    info "Aucun écran détecté (DISPLAY et WAYLAND_DISPLAY sont vides) : lancement sous un écran virtuel (xvfb-run), la fenêtre ne sera pas visible."
    if ! command -v xvfb-run >/dev/null 2>&1; then
      bash "$RACINE/scripts/installer-dependances.sh" --tests
    fi
    commande=(xvfb-run -a "${commande[@]}")
  fi
  info "Lancement d'Atelier CPOM : ${commande[*]}"
  "${commande[@]}"
}

main() {
  etape_dependances
  etape_interface
  etape_lancement
}

main "$@"
