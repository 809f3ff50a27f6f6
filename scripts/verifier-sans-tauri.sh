#!/usr/bin/env bash
# Règle d'architecture : rien sous crates/ ne dépend de Tauri (domaine ← services ← coquille).
#
#   bash scripts/verifier-sans-tauri.sh
#
# Vérifie l'arbre de dépendances normales des crates du cœur (cargo tree), leurs Cargo.toml
# et leurs sources.
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RACINE"

PAQUETS=(cpom-domain cpom-services cpom-cli)
echec=0

args=()
for p in "${PAQUETS[@]}"; do args+=(-p "$p"); done
arbre="$(cargo tree "${args[@]}" -e normal --prefix none)"
if grep -i 'tauri' <<<"$arbre" >/dev/null; then
  echo "ERREUR : une crate du cœur (${PAQUETS[*]}) dépend de Tauri :" >&2
  grep -i 'tauri' <<<"$arbre" | sort -u >&2
  echo "Chemin de dépendance : cargo tree ${args[*]} -e normal -i <crate tauri>" >&2
  echo "La coquille src-tauri est la seule à pouvoir dépendre de Tauri." >&2
  echec=1
fi

# Une dépendance « tauri… = » ou une section [dependencies.tauri…] (les descriptions qui
# disent « sans Tauri » ne comptent pas).
if grep -n -E '^[[:space:]]*"?tauri[A-Za-z0-9_-]*"?[[:space:]]*(=|\.)|dependencies\.tauri' \
  crates/*/Cargo.toml >&2; then
  echo "ERREUR : un Cargo.toml sous crates/ dépend de tauri (ci-dessus)." >&2
  echec=1
fi

# Du code (hors commentaires) qui nomme un chemin tauri::… ou tauri_plugin_…::…
code_tauri="$(grep -rn -E '(^|[^A-Za-z0-9_])tauri(_[a-z_]+)?::' crates/*/src \
  | grep -v -E '^[^:]+:[0-9]+:[[:space:]]*//' || true)"
if [ -n "$code_tauri" ]; then
  printf '%s\n' "$code_tauri" >&2
  echo "ERREUR : du code sous crates/ utilise tauri (ci-dessus)." >&2
  echec=1
fi

if [ "$echec" -ne 0 ]; then
  exit 1
fi
echo "OK : aucune dépendance à Tauri dans ${PAQUETS[*]}."
