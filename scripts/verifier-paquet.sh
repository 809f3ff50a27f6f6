#!/usr/bin/env bash
# Vérifie le paquet Debian comme le recevrait un utilisateur : construit (bundler de Tauri),
# installé par `apt install ./atelier-cpom_*.deb` dans une Debian 12 neuve (racine minimale
# faite par mmdebstrap : apt et, pour lancer l'application sans écran, Xvfb et xdotool),
# puis lancé sous Xvfb avec un dossier .cpom en argument (comme un double-clic).
#
#   bash scripts/verifier-paquet.sh            # paquet de la construction de développement
#   bash scripts/verifier-paquet.sh --release  # paquet à distribuer (plus long à construire)
#
# Contrôles : dépendances résolues par apt, binaire dans /usr/bin, entrée du menu (nom
# français, icône, type application/x-cpom), type .cpom connu de shared-mime-info, fenêtre
# « Atelier CPOM » ouverte, dossier passé en argument ouvert (l'application en tient le verrou :
# fichier `.exemple.cpom.occupant`, retiré à la fermeture), temps
# du lancement à la fenêtre ; puis désinstallation (`apt purge`).
#
# La racine Debian 12 de départ est gardée dans ~/.cache/atelier-cpom/ (refaite si absente) :
# elle ne contient rien d'Atelier CPOM ni de ses dépendances. Il faut être root (chroot).
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RACINE"

info() { printf '==> %s\n' "$*"; }
echec() {
  printf 'ÉCHEC : %s\n' "$*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then
  exec sudo -E bash "$0" "$@"
fi

if [ "${1:-}" = "--release" ]; then
  bash scripts/construire-paquet.sh
else
  bash scripts/construire-paquet.sh --debug
fi
PAQUET="$(ls -t dist/atelier-cpom_*_amd64.deb | head -n1)"
info "Paquet à vérifier : $PAQUET"

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/atelier-cpom"
BASE="$CACHE/debian12-base.tar"
mkdir -p "$CACHE"
if [ ! -s "$BASE" ]; then
  command -v mmdebstrap >/dev/null || apt-get install -y --no-install-recommends mmdebstrap
  info "Racine Debian 12 neuve (mmdebstrap, une fois) → $BASE"
  mmdebstrap --format=tar --variant=apt --include=xvfb,xauth,xdotool,ca-certificates bookworm \
    "$BASE.tmp" http://deb.debian.org/debian
  mv "$BASE.tmp" "$BASE"
fi

ROOT="$(mktemp -d /tmp/atelier-cpom-paquet.XXXXXX)"
nettoyer() {
  for m in proc sys dev; do
    umount -R "$ROOT/$m" 2>/dev/null || umount -lR "$ROOT/$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$ROOT"
}
trap nettoyer EXIT

tar -C "$ROOT" -xf "$BASE"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$PAQUET" "$ROOT/tmp/"
NOM="$(basename "$PAQUET")"

dans() { chroot "$ROOT" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

dans test ! -e /usr/bin/atelier-cpom || echec "la racine de départ n'est pas neuve"
info "apt install ./$NOM (dans la Debian 12 neuve)"
dans sh -c "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/$NOM" |
  tail -n 3

dans test -x /usr/bin/atelier-cpom || echec "/usr/bin/atelier-cpom absent"
BUREAU="$(dans sh -c 'grep -l "^Exec=atelier-cpom" /usr/share/applications/*.desktop' | head -n1)"
[ -n "$BUREAU" ] || echec "aucune entrée de menu pour atelier-cpom"
dans grep -q '^Name=Atelier CPOM$' "$BUREAU" || echec "nom du menu"
dans grep -q '^Icon=atelier-cpom$' "$BUREAU" || echec "icône du menu"
dans grep -q '^MimeType=application/x-cpom;$' "$BUREAU" || echec "association .cpom"
dans grep -q '^Comment\[fr\]=' "$BUREAU" || echec "description française"
dans test -s /usr/share/icons/hicolor/128x128/apps/atelier-cpom.png || echec "icône absente"
dans grep -q 'application/x-cpom:\*\.cpom' /usr/share/mime/globs2 || echec "type .cpom inconnu de shared-mime-info"
dans grep -q 'application/x-cpom=' /usr/share/applications/mimeinfo.cache || echec "association absente de mimeinfo.cache"
info "Entrée du menu : $BUREAU (Atelier CPOM, icône, fichiers .cpom)"

# Un dossier à ouvrir par double-clic : le dossier exemple écrit par la commande cpom.
cargo run -q -p cpom-cli -- demo "$ROOT/tmp/exemple.cpom" >/dev/null

info "Lancement de l'application installée sous Xvfb, avec /tmp/exemple.cpom"
dans xvfb-run -a sh -c '
  debut=$(date +%s%N)
  atelier-cpom /tmp/exemple.cpom >/tmp/atelier-cpom.log 2>&1 &
  pid=$!
  fenetre=""
  for i in $(seq 1 120); do
    fenetre=$(xdotool search --name "^Atelier CPOM$" 2>/dev/null | head -n1)
    [ -n "$fenetre" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  vue=$(( ($(date +%s%N) - debut) / 1000000 ))
  ouvert=non
  for i in $(seq 1 100); do
    [ -e /tmp/.exemple.cpom.occupant ] && { ouvert=oui; break; }
    sleep 0.1
  done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  cat /tmp/atelier-cpom.log
  [ -n "$fenetre" ] || { echo "ÉCHEC : aucune fenêtre « Atelier CPOM »"; exit 1; }
  echo "Fenêtre « Atelier CPOM » visible en $vue ms ; dossier passé en argument ouvert : $ouvert"
  [ "$ouvert" = oui ] || { echo "ÉCHEC : le dossier passé en argument n a pas été ouvert"; exit 1; }
  [ ! -e /tmp/exemple.cpom-wal ] && [ ! -e /tmp/.exemple.cpom.occupant ] ||
    { echo "ÉCHEC : dossier pas refermé proprement"; exit 1; }
'

info "apt purge atelier-cpom"
dans sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q atelier-cpom >/dev/null'
dans test ! -e /usr/bin/atelier-cpom || echec "binaire resté après désinstallation"
info "Paquet vérifié : installé sur une Debian 12 neuve, lancé, désinstallé."
