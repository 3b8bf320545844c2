#!/bin/sh
# test.sh -- the playground's tests: `make test-playground`, and `make test` through tests/run.sh.
# Run from the top of the workbook: O=build sh playground/test.sh
#
#  1. glue.c and native.c build warning-free with gcc and clang (-Wall -Wextra -Wpedantic); so
#     does the page's tanh (pg_math.c) with its test, which puts it beside glibc's tanh natively
#     (playground/test_pg_math.c: within 1 ulp of the exact value);
#     make playground refuses a folder without the chapter files, with a clear message, and
#     works in the student release (make dist);
#  2. the reference build (IMPL=solutions) in headless Chromium, offline (playground/test.js
#     reference): loads from file:// with no console errors and no request off the machine;
#     trains the spiral (2 hidden layers of 8 tanh) to >= 95 % and xor (1 hidden layer) to >= 98 %
#     training accuracy within 2000 epochs through the page's controls; the losses after 1 and
#     10 epochs equal the native build's to 1e-9 relative (the worst difference is printed);
#     bad URL fragments are clamped or refused with a visible message; frame timing;
#  3. the single-file build (playground.html, what the handouts embed) loads and trains too;
#  4. pages that must refuse to train, each with its message: the skeletons (chapter 5's first
#     exercise not implemented), chapter 5 done but chapter 6 not, and a planted bug that gives
#     NaN during training (the naive log loss of tests/bugs/06_backprop.bugs, bce_naive_logs), and
#     one that reads far out of bounds (a WebAssembly trap, named with its function).
# Screenshots of each page land in $O/playground-test/shots/: look at them.
set -u
LC_ALL=C
export LC_ALL
O=${O:-build}
MAKE=${MAKE:-make}
T=$O/playground-test
status=0
bad() { echo "FAIL $*"; status=1; }

sh tools/deps.sh cc wasm chromium node || exit 1
rm -rf "$T"
mkdir -p "$T/shots" "$T/half" "$T/nanbug"

# ---------------------------------------------------------------- 1. builds
for cc in gcc clang; do
    if $cc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Ilib -Iplayground \
            -DPG_SOURCE_05='"solutions/05_mlp.c"' -DPG_SOURCE_06='"solutions/06_backprop.c"' \
            -o "$T/native-$cc" playground/native.c playground/glue.c solutions/05_mlp.c \
            solutions/06_backprop.c lib/rng.c lib/data.c -lm 2> "$T/native-$cc.log"; then
        echo "ok   glue.c and native.c build warning-free with $cc"
    else
        bad "glue.c or native.c with $cc:"; cat "$T/native-$cc.log"
    fi
done

# the page's tanh (pg_math.c), the same C compiled natively, against glibc's tanh
for cc in gcc clang; do
    if $cc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Iplayground -o "$T/test_pg_math-$cc" \
            playground/test_pg_math.c playground/pg_math.c -lm 2> "$T/test_pg_math-$cc.log"; then
        if "$T/test_pg_math-$cc" > "$T/test_pg_math-$cc.out"; then
            echo "ok   ($cc) $(tail -n 1 "$T/test_pg_math-$cc.out")"
        else
            bad "($cc) the page's tanh:"; cat "$T/test_pg_math-$cc.out"
        fi
    else
        bad "playground/pg_math.c or test_pg_math.c with $cc:"; cat "$T/test_pg_math-$cc.log"
    fi
done

build() {   # build NAME IMPL: make playground into $T/NAME/playground
    if $MAKE --no-print-directory -s playground IMPL="$2" O="$T/$1" > "$T/$1.log" 2>&1; then
        grep -q "file://.*/playground/index.html" "$T/$1.log" || bad "make playground IMPL=$2 did not print the page to open"
    else
        bad "make playground IMPL=$2 failed:"; cat "$T/$1.log"
    fi
}
build ref solutions
build skel skeletons
cp solutions/05_mlp.c skeletons/06_backprop.c "$T/half/"
build half "$T/half"
# the planted bug: bce_loss takes log(p) and log(1 - p), which is -inf once p rounds to 0 or 1
cp solutions/05_mlp.c "$T/nanbug/"
printf '%s\n' 'sum += (z > 0.0 ? z : 0.0) - y[n] * z + log1p(exp(-fabs(z)));' > "$T/nanbug/old"
printf '%s\n' 'double p = 1.0 / (1.0 + exp(-z));' 'sum += -(y[n] * log(p) + (1 - y[n]) * log(1.0 - p));' > "$T/nanbug/new"
awk -v region=bce_loss -f tests/plant.awk "$T/nanbug/old" "$T/nanbug/new" solutions/06_backprop.c \
    > "$T/nanbug/06_backprop.c" || bad "could not plant the NaN bug in bce_loss"
rm -f "$T/nanbug/old" "$T/nanbug/new"
build nan "$T/nanbug"
# a crash: linear_forward reads far past the end of the weights (a WebAssembly trap)
mkdir -p "$T/crash"
cp solutions/06_backprop.c "$T/crash/"
printf '%s\n' 'z += weight[h * D + i] * inp[n * D + i];' > "$T/crash/old"
printf '%s\n' 'z += weight[h * D + i + 100000000] * inp[n * D + i];' > "$T/crash/new"
awk -v region=linear_forward -f tests/plant.awk "$T/crash/old" "$T/crash/new" solutions/05_mlp.c \
    > "$T/crash/05_mlp.c" || bad "could not plant the crash in linear_forward"
rm -f "$T/crash/old" "$T/crash/new"
build crash "$T/crash"

mkdir -p "$T/empty"
if out=$($MAKE --no-print-directory -s playground IMPL="$T/empty" O="$T/none" 2>&1); then
    bad "make playground accepted a folder without the chapter files"
else
    echo "$out" | grep -q "needs 05_mlp.c and 06_backprop.c" && echo "ok   $(echo "$out" | head -n 1)" ||
        bad "make playground IMPL=(empty folder) says: $out"
fi
# the student release ships the playground: make playground works there, on the skeletons
if $MAKE --no-print-directory -s dist O="$T/dist" > "$T/dist.log" 2>&1 &&
   tar -C "$T/dist" -xzf "$T/dist/dist/backprop-workbook.tar.gz" &&
   (cd "$T/dist/backprop-workbook" && unset O MAKEFLAGS MAKELEVEL && make --no-print-directory -s playground > ../release-playground.log 2>&1) &&
   [ -s "$T/dist/backprop-workbook/build/playground/playground.wasm" ]; then
    echo "ok   make playground works in the student release (make dist)"
else
    bad "make playground in the student release:"; cat "$T/dist.log" "$T/dist/release-playground.log" 2>/dev/null | tail -n 20
fi
[ $status = 0 ] || exit 1

# ---------------------------------------------------------------- 2. the reference, in Chromium
node playground/test.js reference "$T/ref/playground/index.html" "$T/native-gcc" "$T/shots" || status=1

# ---------------------------------------------------------------- 3. the single file
node playground/test.js loads "$T/ref/playground/playground.html" "$T/shots" || status=1

# ---------------------------------------------------------------- 4. pages that must refuse
node playground/test.js message "$T/skel/playground/index.html" "$T/shots" skeletons "" \
    "Not implemented yet." \
    "activation_forward is not implemented yet -- write its TODO block in skeletons/05_mlp.c" || status=1
node playground/test.js message "$T/half/playground/index.html" "$T/shots" chapter6-missing "" \
    "activation_backward is not implemented yet -- write its TODO block in $T/half/06_backprop.c" || status=1
node playground/test.js message "$T/nan/playground/index.html" "$T/shots" nan-in-bce-loss \
    "dataset=gauss&networkShape=&learningRate=10" \
    "Training stopped." "bce_loss gave NaN at epoch" "from finite inputs" "$T/nanbug/06_backprop.c" || status=1
node playground/test.js message "$T/crash/playground/index.html" "$T/shots" crash-in-linear-forward "" \
    "WebAssembly trap (memory access out of bounds) in linear_forward" || status=1

echo
[ $status = 0 ] && echo "playground: every check passed; screenshots in $T/shots/" ||
    echo "playground: some checks failed (FAIL lines above); screenshots in $T/shots/"
exit $status
