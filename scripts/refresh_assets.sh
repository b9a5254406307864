#!/usr/bin/env bash
# Vendor the front-end assets at pinned versions: `npm pack` each package into a temporary
# directory and copy only the files the pages use into vaekst/static/vendor/<pkg>-<version>/.
# Bump a version here, run `make assets`, look at the pages, commit the new directory.
set -euo pipefail
cd "$(dirname "$0")/.."

DKFDS_VERSION=11.2.0
HTMX_VERSION=2.0.11
CHARTJS_VERSION=4.6.1
AXE_VERSION=4.14.1  # test-only: the browser tests run it on the pages

VENDOR=vaekst/static/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

unpack() {  # unpack <package> <version> -> prints the unpacked package directory
    local name=$1 version=$2
    (cd "$WORK" && npm pack --silent "$name@$version" >/dev/null)
    local tarball
    tarball=$(ls "$WORK"/"${name//\//-}"-"$version".tgz)
    mkdir -p "$WORK/$name-$version"
    tar xzf "$tarball" -C "$WORK/$name-$version"
    echo "$WORK/$name-$version/package"
}

strip_source_map() {  # the .map files are not vendored, so drop the comment pointing at them
    sed -i -e '/sourceMappingURL=/d' "$1"
}

rm -rf "$VENDOR"
mkdir -p "$VENDOR"

# DKFDS, Virk.dk theme: the CSS, the JS, the icon sprite and every file the CSS's url()s use.
src=$(unpack dkfds "$DKFDS_VERSION")
dest="$VENDOR/dkfds-$DKFDS_VERSION"
mkdir -p "$dest/css" "$dest/js" "$dest/img"
cp "$src/dist/css/dkfds-virkdk.min.css" "$dest/css/"
cp "$src/dist/js/dkfds.min.js" "$dest/js/"
cp "$src/dist/img/all-svg-icons.svg" "$dest/img/"
cp "$src/LICENSE.md" "$dest/" 2>/dev/null || cp "$src/dist/LICENSE.md" "$dest/"
strip_source_map "$dest/css/dkfds-virkdk.min.css"
strip_source_map "$dest/js/dkfds.min.js"
grep -o 'url([^)]*)' "$dest/css/dkfds-virkdk.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e "s/[\"']//g" -e 's/[?#].*$//' \
    | grep '^\.\./' | sort -u \
    | while read -r ref; do
        rel=${ref#../}
        mkdir -p "$dest/$(dirname "$rel")"
        cp "$src/dist/$rel" "$dest/$rel"
    done
# The font licence travels with the fonts.
cp "$src/dist/fonts/IBMPlexSans/complete/woff/license.txt" "$dest/fonts/IBMPlexSans/" 2>/dev/null \
    || true

# htmx
src=$(unpack htmx.org "$HTMX_VERSION")
dest="$VENDOR/htmx.org-$HTMX_VERSION"
mkdir -p "$dest"
cp "$src/dist/htmx.min.js" "$src/LICENSE" "$dest/"

# Chart.js, UMD build (a global `Chart`, no bundler needed)
src=$(unpack chart.js "$CHARTJS_VERSION")
dest="$VENDOR/chart.js-$CHARTJS_VERSION"
mkdir -p "$dest"
cp "$src/dist/chart.umd.min.js" "$src/LICENSE.md" "$dest/"
strip_source_map "$dest/chart.umd.min.js"

cat > "$VENDOR/VERSIONS" <<VERSIONS
# Written by scripts/refresh_assets.sh; the templates use these directories.
dkfds $DKFDS_VERSION (Virk.dk theme)
htmx.org $HTMX_VERSION
chart.js $CHARTJS_VERSION
VERSIONS

# axe-core, for the browser tests' accessibility checks only (never served to users).
src=$(unpack axe-core "$AXE_VERSION")
dest=vaekst/web/tests/axe
rm -rf "$dest"
mkdir -p "$dest"
cp "$src/axe.min.js" "$src/LICENSE" "$src/LICENSE-3RD-PARTY.txt" "$dest/"
echo "axe-core $AXE_VERSION (npm), used only by the browser tests" > "$dest/VERSION"

echo "Vendored into $VENDOR:"
du -sh "$VENDOR"/*/
