#!/bin/sh
# Run the test suite as it runs on a machine that lacks the system fonts or LibreOffice, to show that
# every test either passes there or skips with its reason (issue 25).
#
#   tools/bare_machine_test.sh STATE [pytest arguments...]
#
# STATE is one of
#   fonts    fontconfig sees no font at all (FONTCONFIG_FILE names an empty font folder)
#   nocjk    fontconfig sees DejaVu only: Noto CJK, Open Sans, Lato, Carlito, Liberation are gone
#   soffice  soffice, pdftoppm and pdftotext are not on PATH; fonts as installed
#   both     no fonts and no LibreOffice/poppler: a fresh machine with only Python
#
# PYTHON (default .venv/bin/python) runs pytest; the programs of /usr/bin and /bin stay reachable
# through links in a temporary folder, all but the hidden ones. CI is unset, so a missing tool skips.
set -eu

state=${1:?usage: tools/bare_machine_test.sh fonts|nocjk|soffice|both [pytest args...]}
shift
PYTHON=${PYTHON:-.venv/bin/python}
bindir=$(cd "$(dirname "$PYTHON")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/rolegen-bare.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

hide_fonts() {
    mkdir -p "$work/fonts" "$work/fontcache"
    cat >"$work/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$work/fonts</dir><cachedir>$work/fontcache</cachedir></fontconfig>
EOF
    FONTCONFIG_FILE="$work/fonts.conf"
    export FONTCONFIG_FILE
}

hide_programs() {
    mkdir -p "$work/bin"
    for dir in /usr/local/bin /usr/bin /bin; do
        for program in "$dir"/*; do
            name=${program##*/}
            case $name in
            soffice | libreoffice | localc | loimpress | lowriter | pdftoppm | pdftotext | pdfinfo) continue ;;
            esac
            [ -e "$work/bin/$name" ] || ln -s "$program" "$work/bin/$name"
        done
    done
    PATH="$bindir:$work/bin"
    export PATH
}

case $state in
fonts) hide_fonts ;;
nocjk)
    hide_fonts
    cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
        "$work/fonts/"
    ;;
soffice) hide_programs ;;
both)
    hide_fonts
    hide_programs
    ;;
*)
    echo "unknown state '$state': give fonts, nocjk, soffice or both" >&2
    exit 2
    ;;
esac

unset CI
"$PYTHON" -m pytest -q -rs "$@"
