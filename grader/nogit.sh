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
mkdir -p "$dir"
rm -f "$dir"/libgit2.so* "$dir/ldflags" "$dir/probe" "$dir/probe.c"
: > "$dir/ldflags.new"
printf '#include <criterion/criterion.h>\nTest(nogit, starts) { cr_assert(1); }\n' > "$dir/probe.c"
# shellcheck disable=SC2086
if $cc $cflags -o "$dir/probe" "$dir/probe.c" $libs 2> "$dir/probe.log"; then
    soname=$(ldd "$dir/probe" 2>/dev/null | awk '$1 ~ /^libgit2\.so/ { print $1; exit }')
    # shellcheck disable=SC2086
    if [ -n "$soname" ] &&
       $cc -shared -fPIC -O2 -Wl,-soname,"$soname" -o "$dir/$soname" grader/nogit.c 2>> "$dir/probe.log" &&
       $cc $cflags -o "$dir/probe" "$dir/probe.c" $libs -Wl,--disable-new-dtags,-rpath,'$ORIGIN' 2>> "$dir/probe.log" &&
       ldd "$dir/probe" 2>/dev/null | grep -q "$dir/$soname\|=> *[^ ]*/nogit/$soname" &&
       "$dir/probe" > /dev/null 2>> "$dir/probe.log"; then
        echo "-Wl,--disable-new-dtags,-rpath,\$ORIGIN/nogit" > "$dir/ldflags.new"
    else
        rm -f "$dir/$soname"
    fi
fi
mv "$dir/ldflags.new" "$dir/ldflags"
rm -f "$dir/probe" "$dir/probe.c"
