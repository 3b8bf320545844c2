#!/bin/sh
# objcheck.sh -- checks a compiled chapter file before it is linked into the student binary.
#
# Usage: sh objcheck.sh OBJECT SOURCE CHAPTER BOUNDARY IMPORTS LIBSYMS [NEED...]
#   OBJECT    the compiled chapter file          SOURCE   its name in messages
#   CHAPTER   its chapter file name (06_backprop.c)
#   BOUNDARY  grader/boundary.txt: the functions each chapter file defines
#   IMPORTS   grader/imports.txt: what it may call from the C library
#   LIBSYMS   a file with the names lib/ defines, one a line (it may call those too)
#   NEED      the chapter files it builds on (it may call their exercise functions)
#
# The student process is sandboxed whatever its code does (grader/sandbox.h); these checks say
# early, and by name, what would not work or would not be fair: code that runs before main (a
# constructor, a destructor, an IFUNC resolver), a call to anything but computing, memory and
# printing (a file, a process, a signal, the grader), a raw system call instruction, a global
# name that another object could pick up (helpers must be static; every global that is not an
# exercise function is made local when the binary is linked -- so a helper without static, or a
# main left in for trying things out, is harmless -- and one that is a name of the C library or
# the grader is refused). An honest file in any style passes.
# Prints one line per problem, "SOURCE: error: ...", and exits 1 when there is one; 0 otherwise.
# Writes OBJECT.keep: the names to keep global (its exercise functions), for objcopy.
set -u
obj=$1 shown=$2 chapter=$3 boundary=$4 imports=$5 libsyms=$6
shift 6
needs="$*"
# Under LC_ALL=C the tools print what this script parses, in every locale.
LC_ALL=C
export LC_ALL

awk -v ch="$chapter" '!/^[ \t]*#/ && NF >= 2 && $1 == ch { print $2 }' "$boundary" > "$obj.keep"
awk -v needs=" $needs " '!/^[ \t]*#/ && NF >= 2 && index(needs, " " $1 " ") { print $2 }' "$boundary" > "$obj.needs"

{
    echo "== sections"
    readelf -SW "$obj"
    echo "== symbols"
    readelf -sW "$obj"
    echo "== code"
    objdump -dr --no-show-raw-insn "$obj"
} > "$obj.dump" 2>&1 || {
    echo "$shown: error: the compiled file cannot be read ($(head -n 1 "$obj.dump"))"
    exit 1
}

awk -v shown="$shown" -v keepf="$obj.keep" -v needsf="$obj.needs" -v importsf="$imports" \
    -v libf="$libsyms" '
    BEGIN {
        while ((getline l < keepf) > 0) keep[l] = 1
        while ((getline l < needsf) > 0) allowed[l] = 1
        while ((getline l < libf) > 0) allowed[l] = 1
        while ((getline l < importsf) > 0)
            if (l !~ /^[ \t]*(#|$)/) { gsub(/^[ \t]+|[ \t]+$/, "", l); pattern[++np] = "^(" l ")$" }
        bad = 0
    }
    function importable(name,    k) {
        if (name in allowed) return 1
        for (k = 1; k <= np; k++) if (name ~ pattern[k]) return 1
        return 0
    }
    # A name another object could mean: the C library'"'"'s, lib/'"'"'s, the grader'"'"'s, or the
    # student binary'"'"'s own.
    function taken(name) {
        return importable(name) || name ~ /^(_start|__libc_.*|_init|_fini|criterion_.*|cri_.*|grade_.*|gc_.*|boundary_.*|student_.*|sandbox_.*|__wrap_.*|__real_.*)$/ ||
               name ~ /^(open|read|write|close|fork|vfork|clone|exec.*|system|popen|kill|signal|sigaction|syscall|mmap|mprotect|setuid|setgid|setgroups|setrlimit|prctl|ptrace|socket|connect|fopen|remove|unlink|rename|chdir|atexit|on_exit|dlopen|dlsym|getenv|sleep|usleep|nanosleep)$/
    }
    function problem(msg) { print shown ": error: " msg; bad = 1 }
    /^== / { part = $2; next }

    part == "sections" && /^ *\[ *[0-9]+\]/ {
        line = $0; sub(/^[^]]*\] */, "", line); split(line, f, " "); name = f[1]
        if (name ~ /^\.(init|fini|preinit)_array|^\.(ctors|dtors|init|fini)$|^\.(ctors|dtors)\./)
            problem("it has a " name " section: code that runs before or after the tests call" \
                    " it (a constructor or destructor). Remove the __attribute__((constructor))" \
                    " or (destructor): only the exercise functions run.")
        else if (name !~ /^\.(text|data|bss|rodata|tdata|tbss|sdata|sbss)(\..*)?$/ &&
                 name !~ /^\.(comment|eh_frame|symtab|strtab|shstrtab|group|llvm_addrsig)$/ &&
                 name !~ /^\.note\.(GNU-stack|gnu\.property)$/ && name !~ /^\.(rela?\.|debug_)/ &&
                 name != "NULL")
            problem("it has a section named " name ", which a chapter file has no use for" \
                    " (a section attribute or assembly in the file?)")
        next
    }

    part == "symbols" && $1 ~ /^[0-9]+:$/ && NF >= 8 {
        type = $4; bind = $5; ndx = $7; name = $8
        if (type == "IFUNC")
            problem(name " is an IFUNC: its resolver runs before the tests. Write a plain function.")
        if (bind == "LOCAL" || name == "")
            next
        if (ndx == "UND") {
            if (!importable(name)) undefined[name] = 1
        } else if (!(name in keep) && taken(name)) {
            problem("it defines " name ", a name of the C library, lib/ or the grader: rename it," \
                    " and make it static (helpers stay inside the file)")
        }
        next
    }

    part == "code" {
        if (match($0, /^[0-9a-f]+ <[^>]+>:$/)) { fn = $0; sub(/^[0-9a-f]+ </, "", fn); sub(/>:$/, "", fn); next }
        if ($0 ~ /\t(syscall|sysenter|int +\$0x80|svc +#?(0x)?0)( |$)/)
            problem("in " fn ": a system call instruction. The grader runs your functions; they" \
                    " compute, and call only what grader/imports.txt lists.")
        if ($0 ~ /R_[A-Z0-9_]+[ \t]/) {
            sym = $NF; sub(/[-+]0x[0-9a-f]+$/, "", sym)
            if (sym in undefined && !((fn, sym) in said)) { said[fn, sym] = 1; caller[sym] = caller[sym] (caller[sym] == "" ? "" : ", ") fn }
        }
    }

    END {
        for (name in undefined)
            problem((caller[name] != "" ? caller[name] " calls " : "it uses ") name \
                    ", which a chapter file may not call: your functions compute, allocate and" \
                    " print (the list is in grader/imports.txt; another chapter'"'"'s helpers must be" \
                    " copied in as static functions)")
        exit bad
    }' "$obj.dump"
