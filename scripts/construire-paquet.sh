#!/usr/bin/env bash
# Construit le paquet Debian d'Atelier CPOM (atelier-cpom_<version>_amd64.deb) avec le
# bundler de Tauri, hors ligne (aucun téléchargement pendant la construction).
#
#   bash scripts/construire-paquet.sh            # version à distribuer (profil release)
#   bash scripts/construire-paquet.sh --debug    # à partir de la construction de
#                                                # développement (tests, CI : rien à recompiler)
#
# Le paquet est copié dans dist/ ; il s'installe par `sudo apt install ./dist/atelier-cpom_*.deb`
# et met « Atelier CPOM » dans le menu (Bureautique) avec son icône ; les fichiers .cpom
# s'ouvrent avec lui.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RACINE"

PROFIL=release
if [ "${1:-}" = "--debug" ]; then
  PROFIL=debug
fi

TAURI="$RACINE/ui/node_modules/.bin/tauri"
if [ ! -x "$TAURI" ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
bash scripts/construire-interface.sh

if [ "$PROFIL" = debug ]; then
  # Le binaire que construisent les tests et ./scripts/lancer.sh, mis en paquet tel quel.
  cargo build -p cpom-desktop --bin atelier-cpom
  "$TAURI" bundle --debug --bundles deb
else
  "$TAURI" build --bundles deb
fi

VERSION="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' src-tauri/tauri.conf.json | head -n1)"
# Le dossier de construction de Cargo (CARGO_TARGET_DIR s'il est fixé, sinon target/).
CIBLES_CARGO="${CARGO_TARGET_DIR:-$RACINE/target}"
SOURCE="$(ls -t "$CIBLES_CARGO/$PROFIL"/bundle/deb/*.deb | head -n1)"
mkdir -p dist
CIBLE="dist/atelier-cpom_${VERSION}_amd64.deb"
cp "$SOURCE" "$CIBLE"
printf '==> Paquet : %s (%s)\n' "$CIBLE" "$(du -h "$CIBLE" | cut -f1)"
