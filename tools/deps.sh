#!/bin/sh
# deps.sh -- checks that the tools a target needs are here, and installs them when it can.
#
# Usage: sh tools/deps.sh NEED...   with NEED among: cc criterion gnuplot clang jq xmllint zip
#                                   inotifywait gdb tmux pandoc katex pdflatex chromium poppler node
#                                   wasm clangd python3 similarity
#
# Each need is checked the way it is used (Criterion by `pkg-config --atleast-version=2.4.1`).
# When something is missing: as root on Debian or Ubuntu, `apt-get update` runs once and the
# packages are installed with a one-line message; otherwise this prints the exact command to
# run (apt-get with sudo, or Homebrew on macOS) and fails.
set -u

missing_pkgs=""
missing_brew=""
missing_what=""

need() {   # need WHAT DEBIAN_PACKAGES BREW_FORMULA
    missing_what="${missing_what:+$missing_what, }$1"
    missing_pkgs="$missing_pkgs $2"
    missing_brew="$missing_brew $3"
}

for what in "$@"; do
    case "$what" in
    cc)
        command -v "${CC:-cc}" >/dev/null 2>&1 || need "a C compiler" "gcc libc6-dev" "gcc"
        command -v make >/dev/null 2>&1 || need make make make
        # The student binary is linked statically and its objects are checked and rewritten
        # with binutils (grader/grade.sh); macOS has neither and grades with the code linked in.
        if [ "$(uname -s)" = Linux ]; then
            { command -v objcopy && command -v readelf && command -v objdump; } >/dev/null 2>&1 ||
                need "binutils (objcopy, readelf, objdump)" binutils binutils
            libc=$("${CC:-cc}" -print-file-name=libc.a 2>/dev/null)
            [ -f "$libc" ] || need "the static C library (libc.a)" libc6-dev ""
        fi ;;
    criterion)
        if ! command -v pkg-config >/dev/null 2>&1; then
            need "pkg-config and Criterion" "pkg-config libcriterion-dev" "pkg-config criterion"
        elif ! pkg-config --atleast-version=2.4.1 criterion 2>/dev/null; then
            need "Criterion 2.4.1 or newer" "libcriterion-dev" "criterion"
        fi ;;
    gnuplot)
        command -v gnuplot >/dev/null 2>&1 || need gnuplot gnuplot-nox gnuplot ;;
    clang)
        command -v clang >/dev/null 2>&1 || need clang clang llvm ;;
    jq)
        command -v jq >/dev/null 2>&1 || need jq jq jq ;;
    zip)
        command -v zip >/dev/null 2>&1 || need zip zip zip
        command -v unzip >/dev/null 2>&1 || need unzip unzip unzip ;;
    inotifywait)
        command -v inotifywait >/dev/null 2>&1 || need inotifywait inotify-tools fswatch ;;
    gdb)
        command -v gdb >/dev/null 2>&1 || need gdb gdb gdb
        command -v gdbserver >/dev/null 2>&1 || need gdbserver gdbserver gdb ;;
    tmux)
        command -v tmux >/dev/null 2>&1 || need tmux tmux tmux ;;
    xmllint)
        command -v xmllint >/dev/null 2>&1 || need xmllint libxml2-utils libxml2 ;;
    pandoc)
        command -v pandoc >/dev/null 2>&1 || need pandoc pandoc pandoc ;;
    katex)
        [ -f "${KATEX:-/usr/share/javascript/katex}/katex.min.js" ] || need "KaTeX (for the HTML handouts)" libjs-katex "" ;;
    pdflatex)
        tex="texlive-latex-recommended texlive-fonts-recommended lmodern texlive-plain-generic"
        if ! command -v pdflatex >/dev/null 2>&1 || ! command -v kpsewhich >/dev/null 2>&1; then
            need pdflatex "$tex" basictex
        else
            for sty in listings.sty fancyhdr.sty caption.sty lmodern.sty ulem.sty; do
                kpsewhich "$sty" >/dev/null 2>&1 || { need "LaTeX's $sty" "$tex" basictex; break; }
            done
        fi ;;
    chromium)
        command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || need chromium chromium chromium ;;
    poppler)
        { command -v pdftotext && command -v pdfinfo && command -v pdftoppm; } >/dev/null 2>&1 ||
            need "pdftotext, pdfinfo and pdftoppm" poppler-utils poppler ;;
    node)
        command -v node >/dev/null 2>&1 || need node nodejs node ;;
    wasm)
        # clang 14 for wasm32-wasi (make playground): the compiler, its linker, the C library
        # and the compiler's runtime for that target, each where Debian puts it
        wasm="clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32"
        if ! command -v clang-14 >/dev/null 2>&1 || ! command -v wasm-ld-14 >/dev/null 2>&1 ||
           [ ! -f "${WASI_SYSROOT:-/usr}/lib/wasm32-wasi/libc.a" ] ||
           ! ls /usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1; then
            need "clang 14 with wasm-ld and wasi-libc (for make playground)" "$wasm" "llvm lld wasi-libc wasi-runtimes"
        fi ;;
    clangd)
        # The editors' language server (.clangd); Debian's clangd 14, which make test runs
        command -v clangd-14 >/dev/null 2>&1 || need "clangd 14 (for editors)" clangd-14 llvm ;;
    similarity)
        # Dick Grune's similarity tester (make similarity); no Homebrew formula
        command -v sim_c >/dev/null 2>&1 || need "sim_c (Dick Grune's similarity tester)" similarity-tester "" ;;
    python3)
        # Debian's own Python (make test reads the gradebook CSVs with its csv module)
        [ -x /usr/bin/python3 ] || need "Python 3 (/usr/bin/python3)" python3 python ;;
    *)
        echo "deps.sh: unknown need \`$what\` (known: cc criterion gnuplot clang jq xmllint zip inotifywait gdb tmux pandoc katex pdflatex chromium poppler node wasm clangd python3 similarity)" >&2
        exit 2 ;;
    esac
done

[ -z "$missing_pkgs" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing what is missing ($missing_what) with apt-get:$missing_pkgs"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh image has empty package lists: update once, then install.
    if ! apt-get update -q >/tmp/workbook-apt.log 2>&1 ||
       ! apt-get install -y -q --no-install-recommends $missing_pkgs >>/tmp/workbook-apt.log 2>&1; then
        echo "apt-get failed; its log is /tmp/workbook-apt.log (last lines below)." >&2
        tail -n 5 /tmp/workbook-apt.log >&2
        exit 1
    fi
    exit 0
fi

echo "Missing: $missing_what. Install with the command below, then run make again:" >&2
if command -v apt-get >/dev/null 2>&1; then
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing_pkgs" >&2
elif [ "$(uname -s)" = Darwin ]; then
    echo "    brew install$missing_brew" >&2
else
    echo "    (Debian/Ubuntu packages:$missing_pkgs)" >&2
fi
exit 1
