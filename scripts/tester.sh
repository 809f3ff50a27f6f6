#!/usr/bin/env bash
# Toutes les vérifications d'Atelier CPOM, de bout en bout (Debian 12, avec ou sans écran).
#
#   bash scripts/tester.sh
#
# 1. installe ce qui manque (scripts/installer-dependances.sh --tests) et construit l'interface ;
# 2. format, clippy, contrôles et tests de l'interface, tests Rust (qui régénèrent les types
#    TypeScript et le schéma JSON), dérive des fichiers générés, test en fenêtre réelle (Xvfb),
#    paquet .deb installé dans une Debian 12 neuve et lancé, règle « pas de Tauri sous crates/ ».
#
# Toutes les vérifications sont lancées même si l'une échoue ; le résumé final donne la durée
# et le résultat de chacune. Code de sortie non nul au moindre échec.
#
# Ajouter une vérification : écrire une fonction `verif_…` et l'ajouter à la liste VERIFS.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RACINE"

# Fichiers générés par `cargo test` et versionnés : toute différence doit être validée.
GENERES=(ui/src/bindings assets/schemas)

# --- Préparation (un échec arrête tout) -----------------------------------------------------

prep_dependances() {
  bash scripts/installer-dependances.sh --tests
}

prep_interface() {
  bash scripts/construire-interface.sh
}

# --- Vérifications (lancées même si une précédente échoue) ----------------------------------

verif_format() {
  cargo fmt --all --check
}

verif_clippy() {
  cargo clippy --workspace --all-targets -- -D warnings
}

verif_interface() {
  (cd ui && npm run check && npm test)
}

# Cœur, CLI, parcours, tests IPC de la coquille ; régénère ui/src/bindings et assets/schemas.
# --no-fail-fast : tous les binaires de test tournent, même après un échec.
verif_tests_rust() {
  cargo test --workspace --no-fail-fast
}

verif_derive_generes() {
  local ok=0
  if ! git diff --exit-code --stat -- "${GENERES[@]}"; then
    ok=1
  fi
  local non_suivis
  non_suivis="$(git status --porcelain -- "${GENERES[@]}")"
  if [ -n "$non_suivis" ]; then
    printf '%s\n' "$non_suivis"
    ok=1
  fi
  if [ "$ok" -ne 0 ]; then
    echo "ERREUR : les fichiers générés (${GENERES[*]}) ne correspondent pas à ceux du dépôt."
    echo "Ils viennent d'être régénérés par « cargo test » à partir des types Rust :"
    echo "vérifiez-les puis ajoutez-les au commit (git add ${GENERES[*]})."
  fi
  return "$ok"
}

# L'application telle que `./scripts/lancer.sh` la lance (mêmes fonctionnalités de
# dépendances, sans celles des tests) : le lancement qui suit les tests ne recompile rien.
verif_application() {
  cargo build -p cpom-desktop --bin atelier-cpom
}

# Fenêtre réelle : l'application compilée, WebKitGTK, tauri-driver, sous un écran virtuel.
verif_e2e() {
  xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored --test-threads=1
}

# Les tests ne laissent rien derrière eux : `git status` est le même qu'au départ (fichiers
# générés compris, fichier de verrouillage npm, captures et fichiers temporaires).
verif_depot_inchange() {
  local maintenant
  maintenant="$(git status --porcelain 2>/dev/null || true)"
  if [ "$maintenant" != "$ETAT_INITIAL" ]; then
    echo "ERREUR : les tests ont modifié le dépôt :"
    diff <(printf '%s\n' "$ETAT_INITIAL") <(printf '%s\n' "$maintenant") || true
    return 1
  fi
}

# L'installateur : le paquet .deb construit par le bundler de Tauri, installé par apt dans
# une Debian 12 neuve (mmdebstrap), lancé sous Xvfb avec un dossier en argument, désinstallé.
verif_paquet_deb() {
  bash scripts/verifier-paquet.sh
}

verif_sans_tauri() {
  bash scripts/verifier-sans-tauri.sh
}

VERIFS=(
  "Format (cargo fmt)|verif_format"
  "Clippy (-D warnings)|verif_clippy"
  "Interface (svelte-check, vitest)|verif_interface"
  "Tests Rust (cargo test --workspace)|verif_tests_rust"
  "Fichiers générés à jour|verif_derive_generes"
  "Application (comme ./scripts/lancer.sh)|verif_application"
  "Fenêtre réelle (e2e sous Xvfb)|verif_e2e"
  "Paquet .deb (installé sur Debian 12 neuve, lancé)|verif_paquet_deb"
  "Pas de Tauri sous crates/|verif_sans_tauri"
  "Dépôt inchangé par les tests (git status)|verif_depot_inchange"
)

# --- Mécanique ----------------------------------------------------------------------------

RESUME=()
ECHECS=0

# Complète `texte` par des espaces jusqu'à `largeur` caractères (printf compte en octets,
# ce qui décale les libellés accentués).
aligner() {
  local LC_ALL=C.UTF-8 texte=$1 largeur=$2
  printf '%s%*s' "$texte" $((largeur > ${#texte} ? largeur - ${#texte} : 0)) ''
}

duree() {
  local s=$1
  if [ "$s" -ge 60 ]; then printf '%d min %02d s' $((s / 60)) $((s % 60)); else printf '%d s' "$s"; fi
}

# lancer_etape "libellé" fonction [fatale]
lancer_etape() {
  local libelle=$1 fonction=$2 fatale=${3:-0} debut fin rc
  printf '\n===== %s =====\n' "$libelle"
  debut=$(date +%s)
  set +e
  ( set -euo pipefail; "$fonction" )
  rc=$?
  set -e
  fin=$(date +%s)
  if [ "$rc" -eq 0 ]; then
    RESUME+=("  OK     $(aligner "$libelle" 42) $(duree $((fin - debut)))")
  else
    RESUME+=("  ÉCHEC  $(aligner "$libelle" 42) $(duree $((fin - debut))) (code $rc)")
    ECHECS=$((ECHECS + 1))
    if [ "$fatale" -eq 1 ]; then
      resumer
      echo "Arrêt : la préparation « $libelle » a échoué."
      exit 1
    fi
  fi
}

resumer() {
  local total=$(( $(date +%s) - DEBUT_TOTAL ))
  printf '\n===== Résumé =====\n'
  printf '%s\n' "${RESUME[@]}"
  printf '  Durée totale : %s\n' "$(duree "$total")"
}

main() {
  DEBUT_TOTAL=$(date +%s)
  ETAT_INITIAL="$(git status --porcelain 2>/dev/null || true)"
  lancer_etape "Dépendances (paquets, tauri-driver, npm)" prep_dependances 1
  lancer_etape "Construction de l'interface (ui/dist)" prep_interface 1
  local v
  for v in "${VERIFS[@]}"; do
    lancer_etape "${v%%|*}" "${v##*|}"
  done
  resumer
  if [ "$ECHECS" -eq 0 ]; then
    echo "SUCCÈS : toutes les vérifications sont passées."
  else
    echo "ÉCHEC : $ECHECS vérification(s) en échec sur ${#VERIFS[@]} (voir ci-dessus)."
    exit 1
  fi
}

main "$@"
