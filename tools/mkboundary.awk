# mkboundary.awk -- writes both sides of the boundary from grader/boundary.txt and the
# prototypes in lib/*.h (grader/boundary.h says what the boundary is).
#
# Usage: awk -v out=DIR -f tools/mkboundary.awk grader/boundary.txt lib/*.h
# Writes, into DIR:
#   boundary_ids.h     BOUNDARY_FN_name for every function of the table, in its order
#   boundary_stubs.c   the grader's side: for each function, a definition with its exact
#                      prototype that describes its arguments and calls boundary_call()
#   boundary_calls.c   the student binary's side: for each function, the call made from the
#                      slot's words, and the table student_main.c dispatches on
# A row the prototypes do not match (an unknown function, a pointer argument without a size, a
# size for an argument that does not exist) stops with the table's file and line.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

# The callbacks a test may pass (a function of its own, run back in the test's process): each
# type's kind (boundary.h) and the student binary's stand-in that traps to run it.
BEGIN {
    cb_kind["LossGradFn"] = "BOUNDARY_CB_LOSSGRAD";  cb_standin["LossGradFn"] = "boundary_lossgrad"
    cb_kind["BatchLossGradFn"] = "BOUNDARY_CB_BATCH"; cb_standin["BatchLossGradFn"] = "boundary_batch_lossgrad"
    cb_kind["ScalarFn"] = "BOUNDARY_CB_SCALAR";      cb_standin["ScalarFn"] = "boundary_scalar"
}
function die(msg) { printf "%s\n", msg > "/dev/stderr"; failed = 1; exit 1 }

# ---------------------------------------------------------------- the table

FILENAME == ARGV[1] {
    line = $0
    sub(/#.*/, "", line)
    if (trim(line) == "")
        next
    n = 0
    # Split on blanks outside brackets: "X[N * D]" is one word.
    depth = 0; word = ""
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (c == "[") depth++
        if (c == "]") depth--
        if ((c == " " || c == "\t") && depth == 0) {
            if (word != "") { w[++n] = word; word = "" }
        } else
            word = word c
    }
    if (word != "") w[++n] = word
    if (n < 2 || w[1] !~ /^[0-9][0-9]_[A-Za-z0-9_]+\.c$/ || w[2] !~ /^[A-Za-z_][A-Za-z0-9_]*$/)
        die(FILENAME ":" FNR ": expected `FILE FUNCTION [ARGUMENT[SIZE] ...]`, got `" trim(line) "`")
    fn = w[2]
    if (fn in row)
        die(FILENAME ":" FNR ": " fn " is listed twice")
    nfn++
    order[nfn] = fn; row[fn] = FNR; file_of[fn] = w[1]
    for (k = 3; k <= n; k++) {
        spec = w[k]
        if (match(spec, /^[A-Za-z_][A-Za-z0-9_]*/) == 0)
            die(FILENAME ":" FNR ": cannot read `" spec "`")
        name = substr(spec, 1, RLENGTH)
        rest = substr(spec, RLENGTH + 1)
        if (rest != "" && rest !~ /^\[.*\]$/)
            die(FILENAME ":" FNR ": `" spec "`: write a size as name[SIZE]")
        size[fn, name] = rest == "" ? "-" : substr(rest, 2, length(rest) - 2)
        named[fn, name] = 1
    }
    next
}

# ---------------------------------------------------------------- the headers

FNR == 1 { header = FILENAME; sub(/^.*\//, "", header); in_block = 0 }
{
    s = $0
    # Comments out, preprocessor lines out; what is left is declarations.
    out_s = ""
    while (s != "") {
        if (in_block) {
            e = index(s, "*/")
            if (!e) { s = ""; break }
            s = substr(s, e + 2); in_block = 0
            continue
        }
        b = index(s, "/*"); l = index(s, "//")
        if (l && (!b || l < b)) { out_s = out_s substr(s, 1, l - 1); s = ""; break }
        if (b) { out_s = out_s substr(s, 1, b - 1); s = substr(s, b + 2); in_block = 1; continue }
        out_s = out_s s; s = ""
    }
    if (out_s ~ /^[ \t]*#/)
        next
    text[header] = text[header] " " out_s
    if (!(header in seen_header)) { seen_header[header] = 1; headers[++nheaders] = header }
}

END {
    if (failed)
        exit 1
    # Find each function's prototype: a statement (between semicolons) NAME( ... ).
    for (h = 1; h <= nheaders; h++) {
        nst = split(text[headers[h]], st, ";")
        for (k = 1; k <= nst; k++) {
            s = st[k]
            gsub(/[ \t]+/, " ", s)
            s = trim(s)
            if (match(s, /[A-Za-z_][A-Za-z0-9_]* ?\(/) == 0)
                continue
            name = substr(s, RSTART, RLENGTH); sub(/ ?\($/, "", name)
            if (!(name in row) || (name in ret_type))
                continue
            ret_type[name] = trim(substr(s, 1, RSTART - 1))
            params = substr(s, RSTART + RLENGTH)
            sub(/\) *$/, "", params)
            params_of[name] = trim(params)
            header_of[name] = headers[h]
        }
    }
    for (f = 1; f <= nfn; f++) {
        fn = order[f]
        if (!(fn in ret_type))
            die("grader/boundary.txt:" row[fn] ": no prototype of " fn " in lib/*.h")
        parse(fn)
    }
    write_ids()
    write_stubs()
    write_calls()
}

# ---------------------------------------------------------------- one function's arguments

# Fills np[fn], pname[fn, i], ptype[fn, i], pkind[fn, i] (int double array mlp callback ctx).
function parse(fn,    list, n, i, p, name, type) {
    n = 0
    if (params_of[fn] != "void" && params_of[fn] != "")
        n = split(params_of[fn], list, ",")
    np[fn] = n
    for (i = 1; i <= n; i++) {
        p = trim(list[i])
        if (match(p, /[A-Za-z_][A-Za-z0-9_]*$/) == 0)
            die("lib/" header_of[fn] ": cannot read the argument `" p "` of " fn)
        name = substr(p, RSTART); type = trim(substr(p, 1, RSTART - 1))
        pname[fn, i] = name; ptype[fn, i] = type
        if (type ~ /\*$/) {
            if (type ~ /^void \*$/) pkind[fn, i] = "ctx"
            else if (type ~ /^(const )?Mlp \*$/) pkind[fn, i] = "mlp"
            else pkind[fn, i] = "array"
        } else if (type == "LossGradFn" || type == "BatchLossGradFn" || type == "ScalarFn") pkind[fn, i] = "callback"
        else if (type == "double") pkind[fn, i] = "double"
        else pkind[fn, i] = "int"
        if ((pkind[fn, i] == "array" || pkind[fn, i] == "callback") && (size[fn, name] == "" || size[fn, name] == "-"))
            die("grader/boundary.txt:" row[fn] ": " fn "'s argument " name " (" type ") needs a size: " name "[SIZE]")
        if (pkind[fn, i] == "mlp" && !((fn, name) in named))
            die("grader/boundary.txt:" row[fn] ": " fn "'s network " name " must be listed (" name ", " name "[free] or " name "[init:...])")
        is_param[fn, name] = 1
    }
    for (key in named) {
        split(key, kk, SUBSEP)
        if (kk[1] == fn && kk[2] != "return" && !((fn, kk[2]) in is_param))
            die("grader/boundary.txt:" row[fn] ": " fn " has no argument named " kk[2])
    }
    if (ret_type[fn] ~ /\*$/ && ret_type[fn] != "const char *" && size[fn, "return"] == "")
        die("grader/boundary.txt:" row[fn] ": " fn " returns a pointer: say how many elements, return[SIZE]")
}

# A size from the table as C, on the grader's side: the network's sizes become checked calls.
function size_c(fn, s,    i) {
    for (i = 1; i <= np[fn]; i++) {
        if (pkind[fn, i] != "mlp")
            continue
        gsub(pname[fn, i] "\\.in", "boundary_mlp_inputs(" pname[fn, i] ", \"" fn "\")", s)
        gsub(pname[fn, i] "\\.out", "boundary_mlp_outputs(" pname[fn, i] ", \"" fn "\")", s)
        gsub(pname[fn, i] "\\.N", "boundary_mlp_batch(" pname[fn, i] ", \"" fn "\")", s)
    }
    return "(int64_t)(" s ")"
}

function prototype(fn,    i, s) {
    s = ret_type[fn]
    s = s (s ~ /\*$/ ? "" : " ") fn "("
    if (np[fn] == 0) return s "void)"
    for (i = 1; i <= np[fn]; i++)
        s = s (i > 1 ? ", " : "") ptype[fn, i] (ptype[fn, i] ~ /\*$/ ? "" : " ") pname[fn, i]
    return s ")"
}

# ---------------------------------------------------------------- output

function banner(file, what) {
    print "/* " file " -- generated by tools/mkboundary.awk from grader/boundary.txt and the" > (out "/" file)
    print " * prototypes in lib/. " what " Do not edit: edit the table. */" > (out "/" file)
}

function write_ids(    f, file) {
    file = out "/boundary_ids.h"
    banner("boundary_ids.h", "The number of each function that crosses the boundary.")
    print "#ifndef WORKBOOK_BOUNDARY_IDS_H\n#define WORKBOOK_BOUNDARY_IDS_H\n\nenum {\n    BOUNDARY_FN_NONE = 0," > file
    for (f = 1; f <= nfn; f++)
        print "    BOUNDARY_FN_" order[f] "," > file
    print "    BOUNDARY_FN_COUNT\n};\n\n#endif" > file
    close(file)
}

function includes(file,    h) {
    print "#include <stdint.h>\n" > file
    for (h = 1; h <= nheaders; h++)
        if (used_header(headers[h]))
            print "#include \"" headers[h] "\"" > file
    print "#include \"boundary.h\"\n#include \"boundary_ids.h\"" > file
}

function used_header(h,    f) {
    for (f = 1; f <= nfn; f++)
        if (header_of[order[f]] == h) return 1
    return 0
}

function ctx_of(fn,    i) {
    for (i = 1; i <= np[fn]; i++)
        if (pkind[fn, i] == "ctx") return pname[fn, i]
    return "NULL"
}

function write_stubs(    file, f, fn, i, k, nm, s, parts, init, a) {
    file = out "/boundary_stubs.c"
    banner("boundary_stubs.c", "The grader's side: each function runs in the student process.")
    includes(file)
    for (f = 1; f <= nfn; f++) {
        fn = order[f]
        print "\n" prototype(fn) "\n{" > file
        if (np[fn] > 0) {
            print "    BoundaryArg args[] = {" > file
            for (i = 1; i <= np[fn]; i++) {
                nm = pname[fn, i]; s = size[fn, nm]
                if (pkind[fn, i] == "int") a = "BOUNDARY_ARG_INT(\"" nm "\", " nm ")"
                else if (pkind[fn, i] == "double") a = "BOUNDARY_ARG_DOUBLE(\"" nm "\", " nm ")"
                else if (pkind[fn, i] == "ctx") a = "BOUNDARY_ARG_CTX(\"" nm "\")"
                else if (pkind[fn, i] == "array")
                    a = "BOUNDARY_ARG_ARRAY(\"" nm "\", " nm ", " size_c(fn, s) ", \"" s "\", " (ptype[fn, i] ~ /^const / ? 1 : 0) ")"
                else if (pkind[fn, i] == "callback") {
                    k = split(s, parts, ",")
                    a = "BOUNDARY_ARG_CALLBACK(\"" nm "\", " nm ", " ctx_of(fn) ", " \
                        cb_kind[ptype[fn, i]] ", " \
                        size_c(fn, parts[1]) ", " (k > 1 ? size_c(fn, parts[2]) : "0") ")"
                } else {
                    mode = s == "-" ? "KEEP" : s ~ /^init/ ? "INIT" : toupper(s)
                    if (mode != "KEEP" && mode != "FREE" && mode != "INIT")
                        die("grader/boundary.txt:" row[fn] ": " nm "[" s "]: a network is written " nm ", " nm "[free] or " nm "[init:...]")
                    a = "BOUNDARY_ARG_MLP(\"" nm "\", " nm ", BOUNDARY_MLP_" mode ")"
                }
                print "        " a "," > file
            }
            print "    };" > file
        }
        call = "boundary_call(BOUNDARY_FN_" fn ", \"" fn "\", " (np[fn] > 0 ? "args, " np[fn] : "NULL, 0") ")"
        rt = ret_type[fn]
        init = ""
        for (i = 1; i <= np[fn]; i++)
            if (pkind[fn, i] == "mlp" && size[fn, pname[fn, i]] ~ /^init:/) {
                split(substr(size[fn, pname[fn, i]], 6), parts, ",")
                init = "    boundary_mlp_check_init(" pname[fn, i] ", r.i, " parts[1] ", " parts[2] ", (int)" parts[3] ", " parts[4] ", \"" fn "\");"
            }
        if (rt == "void") {
            print "    " call ";" > file
        } else if (rt == "const char *") {
            print "    " call ";\n    return boundary_text();" > file
        } else {
            print "    BoundaryWord r = " call ";" > file
            if (init != "") print init > file
            if (rt == "double") print "    return r.d;" > file
            else if (rt ~ /\*$/) {
                base = rt; sub(/^const /, "", base); sub(/ ?\*$/, "", base)
                print "    return boundary_result(r.p, " size_c(fn, size[fn, "return"]) " * (int64_t)sizeof(" base "), \"" fn "\");" > file
            } else print "    return (" rt ")r.i;" > file
        }
        print "}" > file
    }
    close(file)
}

function write_calls(    file, f, fn, i, nm, t, k, parts, cb, call, rt) {
    file = out "/boundary_calls.c"
    banner("boundary_calls.c", "The student binary's side: each call made from the slot's words.")
    includes(file)
    print "\n// Weak: a student binary holds only the chapters it was built from; the others are NULL." > file
    for (f = 1; f <= nfn; f++)
        print "#pragma weak " order[f] > file
    for (f = 1; f <= nfn; f++) {
        fn = order[f]
        print "\nstatic void run_" fn "(BoundarySlot *slot)\n{" > file
        if (np[fn] == 0) print "    (void)slot;" > file
        cb = ""
        call = fn "("
        for (i = 1; i <= np[fn]; i++) {
            nm = pname[fn, i]; t = ptype[fn, i]
            decl = t (t ~ /\*$/ ? "" : " ") nm
            if (pkind[fn, i] == "double") print "    " decl " = slot->arg[" i - 1 "].d;" > file
            else if (pkind[fn, i] == "int") print "    " decl " = (" t ")slot->arg[" i - 1 "].i;" > file
            else if (pkind[fn, i] == "callback") {
                print "    " decl " = " cb_standin[t] ";" > file
                k = split(size[fn, nm], parts, ",")
                cb = "(int)(" parts[1] "), " (k > 1 ? "(int)(" parts[2] ")" : "0")
            } else print "    " decl " = slot->arg[" i - 1 "].p;" > file
            call = call (i > 1 ? ", " : "") nm
        }
        call = call ")"
        if (cb != "") print "    BoundaryCallbackSizes saved = boundary_callback_sizes(" cb ");" > file
        rt = ret_type[fn]
        if (rt == "void") print "    " call ";" > file
        else if (rt == "double") print "    slot->ret.d = " call ";" > file
        else if (rt == "const char *") print "    boundary_put_text(slot, " call ");" > file
        else if (rt ~ /\*$/) print "    slot->ret.p = (void *)" call ";" > file
        else print "    slot->ret.i = (int64_t)" call ";" > file
        if (cb != "") print "    boundary_callback_restore(saved);" > file
        print "}" > file
    }
    print "\nconst BoundaryFunction boundary_functions[] = {" > file
    for (f = 1; f <= nfn; f++)
        print "    [BOUNDARY_FN_" order[f] "] = { \"" order[f] "\", run_" order[f] ", (void (*)(void))" order[f] " }," > file
    print "};\nconst int boundary_function_count = BOUNDARY_FN_COUNT;" > file
    close(file)
}
