#!/usr/bin/env bash
# Installe ce qu'il faut pour construire et lancer Atelier CPOM sur Debian 12 (bookworm).
#
#   bash scripts/installer-dependances.sh           # construire et lancer l'application
#   bash scripts/installer-dependances.sh --tests   # + outils des tests (Xvfb, WebDriver…)
#
# Idempotent : n'installe que ce qui manque. Fonctionne en root ou avec sudo.
# Chaque étape est une fonction : pour en ajouter une, écrire la fonction et l'appeler dans
# `main`.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Paquets Debian de Tauri 2 (liste officielle) : construction et exécution.
PAQUETS_TAURI=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
)
# Tests : écran virtuel, pilote WebDriver de WebKitGTK, captures, PDF, polices ; classeur
# régional : LibreOffice Calc sans interface (recalcul, conversion .ods/.xls) et openpyxl
# (lecteur strict, comparaison du banc d'essai).
PAQUETS_TESTS=(
  xvfb xauth webkit2gtk-driver imagemagick xdotool poppler-utils qpdf fonts-liberation2 mmdebstrap
  libreoffice-calc-nogui python3-openpyxl
)

AVEC_TESTS=0

info() { printf '==> %s\n' "$*"; }
erreur() { printf 'ERREUR : %s\n' "$*" >&2; }

analyser_arguments() {
  for arg in "$@"; do
    case "$arg" in
      --tests) AVEC_TESTS=1 ;;
      -h|--help)
        sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0 ;;
      *) erreur "option inconnue : $arg (options : --tests)"; exit 2 ;;
    esac
  done
}

# Préfixe « sudo » si l'on n'est pas root.
en_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    erreur "il faut être root ou disposer de sudo pour : $*"
    exit 1
  fi
}

# Installe les paquets Debian absents (vérifiés un par un avec dpkg -s).
installer_paquets() {
  local manquants=() p
  for p in "$@"; do
    if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
      manquants+=("$p")
    fi
  done
  if [ "${#manquants[@]}" -eq 0 ]; then
    info "Paquets Debian déjà présents : $*"
    return
  fi
  info "Installation des paquets Debian manquants : ${manquants[*]}"
  if [ -z "${APT_A_JOUR:-}" ]; then
    en_root apt-get update
    APT_A_JOUR=1
  fi
  en_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${manquants[@]}"
}

etape_paquets_tauri() {
  installer_paquets "${PAQUETS_TAURI[@]}"
}

etape_paquets_tests() {
  installer_paquets "${PAQUETS_TESTS[@]}"
}

verifier_outils_de_base() {
  local manque=0
  command -v cargo >/dev/null 2>&1 || { erreur "cargo est introuvable : installez Rust (https://rustup.rs), version 1.95 ou plus."; manque=1; }
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    erreur "node/npm introuvables : installez Node.js 20.19 ou plus (Debian 12 ne fournit que Node 18 ; par exemple les paquets NodeSource)."
    manque=1
  else
    local majeur
    majeur="$(node -p 'process.versions.node.split(".")[0]')"
    if [ "$majeur" -lt 20 ]; then
      erreur "Node.js $(node --version) est trop ancien pour Vite 7 : il faut Node.js 20.19 ou plus."
      manque=1
    fi
  fi
  [ "$manque" -eq 0 ] || exit 1
}

# tauri-driver : le pont WebDriver des tests en fenêtre réelle. `cargo install` ignore les
# préversions (3.0.0-alpha) et prend la 2.x stable.
etape_tauri_driver() {
  if command -v tauri-driver >/dev/null 2>&1 || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    info "tauri-driver déjà installé."
    return
  fi
  info "Installation de tauri-driver (cargo install, environ 40 s)…"
  cargo install tauri-driver --locked
}

# Dépendances de l'interface si node_modules manque ou est plus ancien que le fichier de
# verrouillage. `npm ci` : exactement les versions verrouillées, et le fichier de verrouillage
# n'est jamais réécrit (le dépôt reste propre après les tests).
etape_npm() {
  local ui="$RACINE/ui"
  if [ ! -f "$ui/package-lock.json" ]; then
    erreur "ui/package-lock.json est introuvable."
    exit 1
  fi
  if [ -d "$ui/node_modules" ] && [ ! "$ui/package-lock.json" -nt "$ui/node_modules" ]; then
    info "Dépendances de l'interface à jour (ui/node_modules)."
    return
  fi
  info "Installation des dépendances de l'interface (npm ci)…"
  (cd "$ui" && npm ci --no-audit --no-fund)
  touch "$ui/node_modules"
}

main() {
  analyser_arguments "$@"
  etape_paquets_tauri
  if [ "$AVEC_TESTS" -eq 1 ]; then
    etape_paquets_tests
  fi
  verifier_outils_de_base
  if [ "$AVEC_TESTS" -eq 1 ]; then
    etape_tauri_driver
  fi
  etape_npm
  info "Dépendances prêtes."
}

main "$@"
