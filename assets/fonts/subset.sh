#!/usr/bin/env bash
# Makes DejaVuSansMono-Bold-ASCII.ttf: DejaVu Sans Mono Bold (from the `dejavu` crate the core
# depends on, version 2.37) with only its printable ASCII glyphs. The monospaced face draws
# only the recovery key (digits and capitals), and the whole face would add 316 KB to the
# app. Needs fonttools (`pip install fonttools`). The font's licence: LICENSE-DejaVu.
set -euo pipefail
cd "$(dirname "$0")"
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/dejavu-2.37.0/assets/dejavu-fonts-ttf-2.37/ttf | head -1)
pyftsubset "$src/DejaVuSansMono-Bold.ttf" --unicodes="U+0020-007E" --layout-features="" \
  --no-hinting --name-IDs="*" --name-legacy --name-languages="*" \
  --output-file=DejaVuSansMono-Bold-ASCII.ttf
