# playground/playground.mk -- make playground, make test-playground (included by the Makefile).
#
# make playground        compiles IMPL's 05_mlp.c and 06_backprop.c (your skeletons/ by default,
#                        IMPL=solutions for the reference, IMPL=DIR for any folder) with lib/,
#                        playground/glue.c and the page's tanh (playground/pg_math.c) to
#                        WebAssembly (Debian's clang 14, wasm-ld, wasi-libc),
#                        and writes $(O)/playground/: index.html, playground.css, playground.js,
#                        playground.wasm, playground-wasm.js (the same module in base64, which is
#                        how the page loads it from file://) and playground.html (all of it in one
#                        file). Open index.html in a browser: offline, from file://, no server.
# make test-playground   playground/test.sh: headless Chromium drives the page (part of make test;
#                        the instructor's tree only, as the student release has no tests)
# make playground-figures  the PDF handouts' pictures of the page (the instructor's tree only)
#
# The handouts embed the reference build: $(O)/handouts/playground/playground.html (the rule is
# below; tools/handouts/handouts.mk asks for it). Uses O, IMPL, WARN and .DELETE_ON_ERROR from
# the Makefile. Variables: PG_CC (default clang-14), PG_CFLAGS (default -O2: -O3 trains about 3 %
# faster, within the noise, and inlines more, so that a trap could name a caller rather than the
# student's function), WASI_SYSROOT (only for a wasi-libc outside the compiler's default place).

PG_CC      ?= clang-14
PG_CFLAGS  ?= -O2
PG_TARGET  := --target=wasm32-wasi $(if $(WASI_SYSROOT),--sysroot=$(WASI_SYSROOT))
# A reactor (no main): the page calls _initialize, then the exports of glue.c. A 1 MiB stack
# placed first, so that a student's stack overflow traps instead of overwriting the heap. No DWARF
# (wasi-libc brings 200 KB of it); the name section stays, so that a trap names its function.
PG_LDFLAGS := -mexec-model=reactor -Wl,-z,stack-size=1048576 -Wl,--stack-first -Wl,--strip-debug
PG_PAGE    := playground/index.html playground/playground.css playground/playground.js
# The page's tanh (playground/pg_math.h).
PG_MATH    := playground/pg_math.c
PG_C       := playground/glue.c playground/glue.h $(PG_MATH) playground/pg_math.h \
              lib/rng.c lib/data.c lib/rng.h lib/data.h lib/mlp.h lib/backprop.h

## playground: the Playground in your browser, trained by your 05_mlp.c and 06_backprop.c (IMPL=solutions for the reference)
.PHONY: playground test-playground deps-playground
playground: deps-playground
	@test -f '$(IMPL)/05_mlp.c' && test -f '$(IMPL)/06_backprop.c' || \
	  { echo "make playground: IMPL=$(IMPL) needs 05_mlp.c and 06_backprop.c (IMPL=solutions for the reference)" >&2; exit 2; }
	@$(MAKE) --no-print-directory -s $(O)/playground/playground.html PG_IMPL='$(IMPL)'
	@echo "playground: trained by $(IMPL)/05_mlp.c and $(IMPL)/06_backprop.c; open in a browser:"
	@echo "    file://$(abspath $(O)/playground/index.html)"

# The PDF handouts' static pictures of the playground (the HTML ones embed it live): the reference
# after a fixed number of epochs, with the settings the notes give.
PG_FIGURES := chapters/05-mlp/fig/playground.png chapters/06-backprop/fig/playground.png
PG_FIGURE_05 := dataset=circle&networkShape=3&activation=tanh&learningRate=0.03&batchSize=10&seed=1 300
PG_FIGURE_06 := dataset=spiral&networkShape=8,8&activation=tanh&learningRate=0.03&batchSize=10&seed=1 1500

# make playground-figures (instructors): redraws them
.PHONY: playground-figures
playground-figures: deps-playground
	$(instructor_only)
	@sh tools/deps.sh chromium node
	@$(MAKE) --no-print-directory -s $(O)/handouts/playground/playground.html
	@node playground/test.js figure $(O)/handouts/playground/index.html '$(word 1,$(PG_FIGURE_05))' $(word 2,$(PG_FIGURE_05)) chapters/05-mlp/fig/playground.png
	@node playground/test.js figure $(O)/handouts/playground/index.html '$(word 1,$(PG_FIGURE_06))' $(word 2,$(PG_FIGURE_06)) chapters/06-backprop/fig/playground.png
	@for f in chapters/05-mlp/fig/playground.png chapters/06-backprop/fig/playground.png; do \
	  gnuplot -e "png='$$f'; $$(file $$f | sed 's/.*, \([0-9]*\) x \([0-9]*\),.*/w=\1; h=\2/')" plots/raster.gp; done

test-playground: deps-playground
	$(instructor_only)
	@O='$(O)' MAKE='$(MAKE)' sh playground/test.sh

deps-playground:
	@sh tools/deps.sh cc wasm

# $(call pg_build,DIR,IMPL): the playground in DIR, from IMPL's chapter files. DIR/stamp-KEY,
# KEY a checksum of IMPL and the flags, is the only stamp there: switching folders or flags
# (and back) rebuilds, and nothing is remade when nothing changed (make -q agrees).
pg_key = $(firstword $(shell printf '%s' '$(1) $(PG_CC) $(PG_CFLAGS) $(PG_LDFLAGS)' | cksum))
define pg_build
$(1)/stamp-$(call pg_key,$(2)):
	@mkdir -p $(1)
	@rm -f $(1)/stamp-*
	@echo '$(2) $(PG_CC) $(PG_CFLAGS) $(PG_LDFLAGS)' > $$@

# The student's files with the grader's loose warnings (a newer compiler never stops a build),
# glue.c and lib/ with the workbook's own. pg_math.c, the page's tanh, comes before wasi-libc in
# the link, so the students' tanh(z) calls it too (same numbers, less time: pg_math.h).
$(1)/playground.wasm: $(2)/05_mlp.c $(2)/06_backprop.c $(PG_C) $(1)/stamp-$(call pg_key,$(2))
	@mkdir -p $(1)/obj
	$(PG_CC) $(PG_TARGET) -std=c11 $(PG_CFLAGS) -g0 -Wall -Wextra -Ilib -c $(2)/05_mlp.c -o $(1)/obj/05_mlp.o
	$(PG_CC) $(PG_TARGET) -std=c11 $(PG_CFLAGS) -g0 -Wall -Wextra -Ilib -c $(2)/06_backprop.c -o $(1)/obj/06_backprop.o
	$(PG_CC) $(PG_TARGET) -std=c11 $(PG_CFLAGS) -g0 $(WARN) -Ilib -Iplayground \
	  -DPG_SOURCE_05='"$(2)/05_mlp.c"' -DPG_SOURCE_06='"$(2)/06_backprop.c"' $(PG_LDFLAGS) \
	  -o $$@ playground/glue.c $(PG_MATH) lib/rng.c lib/data.c $(1)/obj/05_mlp.o $(1)/obj/06_backprop.o

$(1)/playground-wasm.js: $(1)/playground.wasm
	@{ printf '// The WebAssembly module of the playground, base64, from %s (make playground).\n' '$(2)'; \
	   printf 'window.PLAYGROUND_WASM = "'; base64 < $$< | tr -d '\n'; printf '";\n'; } > $$@

$(1)/index.html $(1)/playground.css $(1)/playground.js: $(1)/%: playground/%
	@mkdir -p $(1)
	cp $$< $$@

# Everything in one file (for the handouts): the stylesheet and scripts put inline.
$(1)/playground.html: $(1)/index.html $(1)/playground.css $(1)/playground.js $(1)/playground-wasm.js
	awk -v dir='$(1)' ' \
	  /<link rel="stylesheet" href="playground.css">/ { print "<style>"; while ((getline l < (dir "/playground.css")) > 0) print l; print "</style>"; next } \
	  match($$$$0, /<script src="[a-z-]+\.js"><\/script>/) { \
	    f = substr($$$$0, RSTART + 13, RLENGTH - 24); print "<script>"; \
	    while ((getline l < (dir "/" f)) > 0) print l; print "</script>"; next } \
	  { print }' $(1)/index.html > $$@
endef

PG_IMPL ?= $(IMPL)
$(eval $(call pg_build,$(O)/playground,$(PG_IMPL)))
$(eval $(call pg_build,$(O)/handouts/playground,solutions))
