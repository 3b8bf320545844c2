#!/bin/sh
# nogit.sh -- builds grader/nogit.c as the libgit2 that Criterion asks for, when it asks for one,
# and says how the test binaries find it first.
#
# Usage: sh grader/nogit.sh CC DIR CRIT_CFLAGS CRIT_LIBS     (the Makefile runs it)
# Writes DIR/LIBGIT2-SONAME (the stand-in) and DIR/ldflags: the linker options that make a test
# binary in DIR/.. load it, or nothing at all -- when Criterion links no libgit2, or when a probe
# linked the same way does not start (another libgit2 soname scheme, versioned symbols): then the
# test binaries load the real libgit2, and nogit.c's own definitions, linked into each of them
# (RUNNER_OBJ), still spare them its initialisation. Either way they grade the same; only the
# time differs.
set -u
cc=$1 dir=$2 cflags=$3 libs=$4
mkdir -p "$dir" || exit 1
# Made in a folder of its own and moved into place at the end: makes that run this at once (one
# per chapter) never see each other's half-written files.
tmp=$(mktemp -d "$dir/.probe.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/ldflags"
printf '#include <criterion/criterion.h>\nTest(nogit, starts) { cr_assert(1); }\n' > "$tmp/probe.c"
# shellcheck disable=SC2086
if $cc $cflags -o "$tmp/probe" "$tmp/probe.c" $libs 2> "$tmp/probe.log"; then
    soname=$(ldd "$tmp/probe" 2>/dev/null | awk '$1 ~ /^libgit2\.so/ { print $1; exit }')
    # the stand-in under that soname; the probe, linked to look beside itself first, must load it
    # (the file ldd names is the stand-in) and start
    # shellcheck disable=SC2086
    if [ -n "$soname" ] &&
       $cc -shared -fPIC -O2 -Wl,-soname,"$soname" -o "$tmp/$soname" grader/nogit.c 2>> "$tmp/probe.log" &&
       $cc $cflags -o "$tmp/probe" "$tmp/probe.c" $libs -Wl,--disable-new-dtags,-rpath,'$ORIGIN' 2>> "$tmp/probe.log" &&
       [ "$(ldd "$tmp/probe" 2>/dev/null | awk -v s="$soname" '$1 == s { print $3; exit }')" -ef "$tmp/$soname" ] &&
       "$tmp/probe" > /dev/null 2>> "$tmp/probe.log"; then
        mv -f "$tmp/$soname" "$dir/$soname"
        # the test binaries are in DIR/..
        echo "-Wl,--disable-new-dtags,-rpath,\$ORIGIN/${dir##*/}" > "$tmp/ldflags"
    fi
fi
mv -f "$tmp/probe.log" "$dir/probe.log"
mv -f "$tmp/ldflags" "$dir/ldflags"
