#!/bin/sh
# Makes Parley's icons from icon.svg with ImageMagick's convert (make icons).
# The results are committed, so that building Parley never needs ImageMagick:
#
#   icon.png        1024 px, the rounded square with a small margin: the
#                   app icon of FyneApp.toml and of the Linux package
#   icon-macos.png  1024 px on Apple's icon grid (an 824 px square, centred):
#                   the macOS .app's icon
#   icon-128.png    the window's icon, embedded in the program (assets.Icon);
#                   at 256 px X11 silently drops it, being past the size of
#                   one request
#   icon.ico        16 to 256 px for Parley.exe; the small sizes fill the
#                   square to its edges, and 16 px leaves out the text lines,
#                   which only blur there
set -eu
cd "$(dirname "$0")"
command -v convert >/dev/null || { echo "icons.sh: ImageMagick's convert is missing (apt-get install imagemagick)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# png SVG SIZE OUT: a deterministic RGBA PNG (no time stamps).
png() {
  convert -background none "$1" -resize "$2x$2" -strip \
    -define png:exclude-chunk=date,time "PNG32:$3"
}

# The rounded square spans 64..960 of the 1024 canvas. Apple's grid puts
# an 824 px square at 100 px: a view box of 1024*896/824 px at 64-100*896/824.
sed 's/viewBox="0 0 1024 1024"/viewBox="-44.74 -44.74 1113.48 1113.48"/' icon.svg >"$tmp/macos.svg"
sed 's/viewBox="0 0 1024 1024"/viewBox="64 64 896 896"/' icon.svg >"$tmp/edge.svg"
sed '/class="lines"/,/<\/g>/d' "$tmp/edge.svg" >"$tmp/tiny.svg"

png icon.svg 1024 icon.png
png "$tmp/macos.svg" 1024 icon-macos.png
png icon.svg 128 icon-128.png
png "$tmp/tiny.svg" 16 "$tmp/16.png"
for s in 24 32; do png "$tmp/edge.svg" $s "$tmp/$s.png"; done
for s in 48 64 128 256; do png icon.svg $s "$tmp/$s.png"; done
convert "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" \
  "$tmp/128.png" "$tmp/256.png" icon.ico
