#!/usr/bin/env bash
# Makes image folders from a real picture set that no one here drew: Debian's Oxygen icon theme (48x48 RGBA PNGs),
# one class folder per icon category, split 80/20 into OUT/train and OUT/test (in each category, sorted by name,
# every fifth icon goes to test). Only regular files are taken: the theme's symbolic links are second names of the
# same pictures and would put one picture in both halves. Installs the Debian package oxygen-icon-theme when missing.
# Usage: scripts/make-icon-folders.sh [OUT]   (default: icons)
# Then:  ./tfj train --train-dir OUT/train --test-dir OUT/test --epochs 8
set -euo pipefail

out="${1:-icons}"
src=/usr/share/icons/oxygen/base/48x48
categories=(actions apps devices mimetypes places status) # the theme's categories of more than 40 icons

if [[ ! -d "$src" ]]; then
  echo "make-icon-folders: installing oxygen-icon-theme (Debian package) ..." >&2
  sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends oxygen-icon-theme >&2
fi
[[ -e "$out" ]] && { echo "make-icon-folders: $out already exists; give another folder or remove it" >&2; exit 1; }

for category in "${categories[@]}"; do
  mkdir -p "$out/train/$category" "$out/test/$category"
  i=0
  while IFS= read -r file; do
    half=train; (( i % 5 == 4 )) && half=test
    cp "$src/$category/$file" "$out/$half/$category/$file"
    i=$((i + 1))
  done < <(find "$src/$category" -maxdepth 1 -type f -name '*.png' -printf '%f\n' | LC_ALL=C sort)
done
for half in train test; do
  echo "$out/$half: $(find "$out/$half" -type f | wc -l) icons in ${#categories[@]} classes"
  for category in "${categories[@]}"; do printf '  %-10s %4d\n' "$category" "$(ls "$out/$half/$category" | wc -l)"; done
done
