#!/bin/sh
# Après l'installation : le type « Dossier CPOM » (*.cpom) et l'entrée du menu sont connus
# du bureau (double-clic sur un fichier .cpom → Atelier CPOM).
set -e
if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database /usr/share/mime || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
