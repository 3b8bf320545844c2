#!/bin/sh
# build.sh -- builds one piece of the lecture handouts; tools/handouts/handouts.mk says which
# and when (a chapter's pieces are rebuilt only when its notes, figures or code change).
#
#   sh tools/handouts/build.sh katex DIR                 Debian's KaTeX, fonts trimmed to woff2
#   sh tools/handouts/build.sh ast NOTES EDITION OUT     stage 1: chapters/NN-x/notes.md (or
#                                                        chapters/notation.md) -> OUT (.json
#                                                        AST) and OUT's .dep for make
#   sh tools/handouts/build.sh book EDITION OUT AST...   the front matter's and the chapters'
#                                                        ASTs, in order -> the book's
#   sh tools/handouts/build.sh html AST OUT KATEXDIR     stage 2: one standalone HTML file
#   sh tools/handouts/build.sh pdf AST OUT               stage 2: LaTeX, then pdflatex (twice)
#
# EDITION is student (the skeletons' TODO blocks), instructor (the solutions) or lecture (the
# notes without the exercises and the grader, for the lecture). Run from the
# top of the workbook. Environment: HANDOUT_CONFIG (default tools/handouts/config.yaml),
# KATEX (default /usr/share/javascript/katex). The PDF's LaTeX and logs stay in
# HANDOUTS/tex/EDITION/NAME/. Nothing here touches the network: KaTeX comes from libjs-katex and is
# embedded with --self-contained, the figures are the files in chapters/NN-topic/fig/.
set -eu
LC_ALL=C
export LC_ALL
HO=tools/handouts
CONFIG=${HANDOUT_CONFIG:-$HO/config.yaml}

die() { echo "handouts: $*" >&2; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 ||
        die "$1 is missing (Debian: apt-get install $2); make deps-handouts installs it"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in

katex)
    dir=${1:?usage: build.sh katex DIR}
    src=${KATEX:-/usr/share/javascript/katex}     # KATEX=DIR: another copy of KaTeX
    [ -f "$src/katex.min.js" ] || die "$src/katex.min.js is missing (Debian: apt-get install libjs-katex)"
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    # -L: fonts/ is a symlink to /usr/share/fonts/truetype/katex
    cp -L "$src/katex.min.js" "$dir.tmp/"
    mkdir -p "$dir.tmp/fonts"
    cp -L "$src"/fonts/*.woff2 "$dir.tmp/fonts/"
    # keep only the woff2 fonts: pandoc --self-contained embeds every font the CSS names
    sed -E "s/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\(\"?'?woff\"?'?\)//g; s/,url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\(\"?'?truetype\"?'?\)//g" \
        "$src/katex.min.css" > "$dir.tmp/katex.min.css"
    if grep -Eq '\.(woff|ttf)\)' "$dir.tmp/katex.min.css"; then
        die "could not trim the woff and ttf fonts from $src/katex.min.css (a new KaTeX?)"
    fi
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    ;;

ast)
    [ $# -eq 3 ] || die "usage: build.sh ast NOTES EDITION OUT"
    notes=$1 edition=$2 out=$3
    need pandoc pandoc
    mkdir -p "$(dirname "$out")"
    pandoc "$notes" -f markdown -t json -L "$HO/handout.lua" --metadata-file "$CONFIG" \
        -M edition="$edition" -M depfile="${out%.json}.dep" -M deptarget="$out" -o "$out.tmp"
    mv "$out.tmp" "$out"
    ;;

book)
    [ $# -ge 3 ] || die "usage: build.sh book EDITION OUT AST..."
    edition=$1 out=$2
    shift 2
    need pandoc pandoc
    mkdir -p "$(dirname "$out")"
    pandoc /dev/null -f markdown -t json -L "$HO/book.lua" --metadata-file "$CONFIG" \
        -M edition="$edition" -M book-chapters="$*" -o "$out.tmp"
    mv "$out.tmp" "$out"
    ;;

html)
    [ $# -eq 3 ] || die "usage: build.sh html AST OUT KATEXDIR"
    ast=$1 out=$2 katex=$3
    need pandoc pandoc
    [ -f "$katex/katex.min.js" ] || die "no KaTeX in $katex (build.sh katex $katex makes it)"
    mkdir -p "$(dirname "$out")"
    # --self-contained (pandoc 2.17; --embed-resources from 2.19) puts the stylesheet, KaTeX
    # and its fonts, and the figures into the one file
    pandoc "$ast" -f json -L "$HO/render.lua" -t html5 -s --template "$HO/handout.html" \
        --css "$HO/handout.css" --katex="${katex%/}/" --self-contained \
        --toc --toc-depth=2 --highlight-style=pygments -o "$out.tmp"
    mv "$out.tmp" "$out"
    ;;

pdf)
    [ $# -eq 2 ] || die "usage: build.sh pdf AST OUT"
    ast=$1 out=$2
    need pandoc pandoc
    need pdflatex "texlive-latex-recommended texlive-fonts-recommended lmodern texlive-plain-generic"
    name=$(basename "$out" .pdf)
    # the LaTeX and its logs, out of the folder that is handed out: HANDOUTS/tex/EDITION/NAME/
    edir=$(dirname "$out")
    work=$(dirname "$edir")/tex/$(basename "$edir")/$name
    rm -rf "$work"
    mkdir -p "$work" "$edir"
    case "$name" in
    book) opts="--toc --toc-depth=2 --top-level-division=chapter" ;;
    *)    opts="" ;;
    esac
    # shellcheck disable=SC2086
    pandoc "$ast" -f json -L "$HO/render.lua" -t latex -s --number-sections $opts \
        -V fontsize=11pt -V colorlinks=true -o "$work/$name.tex"
    # handout.sty is found through TEXINPUTS; two runs for the contents and the PDF outline
    for _ in 1 2; do
        if ! TEXINPUTS="$(pwd)/$HO//:" pdflatex -interaction=nonstopmode -halt-on-error \
                -output-directory="$work" "$work/$name.tex" > "$work/pdflatex.out" 2>&1; then
            echo "handouts: pdflatex failed on $work/$name.tex (made from $ast); its log:" >&2
            grep -A 6 '^!' "$work/$name.log" >&2 || tail -n 20 "$work/pdflatex.out" >&2
            exit 1
        fi
    done
    mv "$work/$name.pdf" "$out"
    ;;

*)
    sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
