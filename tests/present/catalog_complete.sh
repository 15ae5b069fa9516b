#!/usr/bin/env bash
# Fails when a text the UI can show has no Chinese: extracts every tr()/N_() literal from the
# sources now (po/extract.sh) and has msgcmp check that po/zh_CN.po translates each one; msgcmp
# counts an empty or fuzzy translation as missing.
#   catalog_complete.sh SOURCE_DIR SCRATCH.pot
set -euo pipefail
src=$1
pot=$2
"$src/po/extract.sh" "$pot"
if ! msgcmp --no-fuzzy-matching "$src/po/zh_CN.po" "$pot"; then
  echo "catalog_complete: po/zh_CN.po lacks the translations above; see po/README.md" >&2
  exit 1
fi
echo "catalog_complete: all $(grep -c '^msgid "[^"]' "$pot") messages have Chinese"
