# handouts.mk -- lecture handouts, included by the Makefile (`include tools/handouts/handouts.mk`).
#
# make handouts        every chapter and the whole book, as one standalone HTML file (math by
#                      KaTeX, embedded) and one PDF (pdflatex), in three editions, into
#                      $(O)/handouts/student/ (the skeletons' TODO blocks),
#                      $(O)/handouts/instructor/ (the solutions) and $(O)/handouts/lecture/
#                      (the notes without the exercises and the grader, for the lecture):
#                      NN-topic.html, NN-topic.pdf, book.html, book.pdf
# make test-handouts   the checks of issue 5 on them: headless Chromium, pdftotext, no
#                      solution in the student edition (tools/handouts/check.sh)
#
# Chapters are found by name (chapters/NN-topic/notes.md), the book is all of them in order,
# after its front matter (chapters/notation.md).
# Each handout is made in two stages: notes.md -> an AST per edition (code and figures pulled
# in and checked; $(O)/handouts/ast/), then AST -> HTML or PDF. Changing one chapter's notes,
# figures or the C files it quotes rebuilds that chapter's handouts and the book, nothing else.
# The dependencies on the C files come from the .dep files stage 1 writes (as gcc -MMD -MP).
# Uses O, MAKE and .DELETE_ON_ERROR from the Makefile.

HANDOUTS     := $(O)/handouts
HO           := tools/handouts
HO_CHAPTERS  := $(sort $(patsubst chapters/%/notes.md,%,$(wildcard chapters/[0-9][0-9]-*/notes.md)))
HO_EDITIONS  := student instructor lecture
HO_KATEX     := $(HANDOUTS)/katex

# the machinery each stage runs on
HO_STAGE1    := $(HO)/build.sh $(HO)/handout.lua $(HO)/config.yaml
HO_BOOK      := $(HO)/build.sh $(HO)/book.lua $(HO)/config.yaml
HO_HTML      := $(HO)/build.sh $(HO)/render.lua $(HO)/handout.html $(HO)/handout.css $(HO_KATEX)/katex.min.js
HO_PDF       := $(HO)/build.sh $(HO)/render.lua $(HO)/handout.sty

HO_ASTS      := $(foreach e,$(HO_EDITIONS),$(foreach c,$(HO_CHAPTERS) book,$(HANDOUTS)/ast/$(e)/$(c).json))
HO_OUTPUTS   := $(foreach e,$(HO_EDITIONS),$(foreach c,$(HO_CHAPTERS) book,$(HANDOUTS)/$(e)/$(c).html $(HANDOUTS)/$(e)/$(c).pdf))

## handouts: lecture handouts, HTML and PDF, student, instructor and lecture editions, each chapter and the book
.PHONY: handouts handouts-files test-handouts deps-handouts deps-test-handouts
handouts: deps-handouts
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) handouts-files
	@echo "handouts: $(words $(HO_OUTPUTS)) files in $(HANDOUTS)/student/, instructor/ and lecture/"

handouts-files: $(HO_OUTPUTS)

## test-handouts: build the handouts and check them (headless Chromium, pdftotext, no solutions for students)
test-handouts: deps-test-handouts
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) handouts-files
	@O='$(O)' MAKE='$(MAKE)' sh $(HO)/check.sh

deps-handouts:
	@sh tools/deps.sh pandoc katex pdflatex wasm
deps-test-handouts:
	@sh tools/deps.sh pandoc katex pdflatex chromium poppler node wasm

# ---------------------------------------------------------------- stage 1: notes -> AST

$(HANDOUTS)/ast/student/%.json: chapters/%/notes.md $(HO_STAGE1)
	@mkdir -p $(@D)
	sh $(HO)/build.sh ast $< student $@

$(HANDOUTS)/ast/instructor/%.json: chapters/%/notes.md $(HO_STAGE1)
	@mkdir -p $(@D)
	sh $(HO)/build.sh ast $< instructor $@

$(HANDOUTS)/ast/lecture/%.json: chapters/%/notes.md $(HO_STAGE1)
	@mkdir -p $(@D)
	sh $(HO)/build.sh ast $< lecture $@

# the book's front matter, one per edition (the same text; the edition only labels it)
$(HANDOUTS)/ast/%/front-notation.json: chapters/notation.md $(HO_STAGE1)
	@mkdir -p $(@D)
	sh $(HO)/build.sh ast $< $* $@

# a chapter's figures, also those its notes do not show yet (the .dep files have the rest)
$(foreach e,$(HO_EDITIONS),$(foreach c,$(HO_CHAPTERS),\
  $(eval $(HANDOUTS)/ast/$(e)/$(c).json: $(wildcard chapters/$(c)/fig/*.png chapters/$(c)/fig/*.svg chapters/$(c)/fig/*.pdf))))

-include $(wildcard $(HANDOUTS)/ast/*/*.dep)

# the book: its front matter, then every chapter's AST, in order
$(foreach e,$(HO_EDITIONS),$(eval \
$(HANDOUTS)/ast/$(e)/book.json: $(HANDOUTS)/ast/$(e)/front-notation.json $(HO_CHAPTERS:%=$(HANDOUTS)/ast/$(e)/%.json) $(HO_BOOK) ; \
	sh $(HO)/build.sh book $(e) $$@ $$(filter %.json,$$^)))

.SECONDARY: $(HO_ASTS) $(HO_EDITIONS:%=$(HANDOUTS)/ast/%/front-notation.json)

# ---------------------------------------------------------------- stage 2: AST -> HTML, PDF

$(HANDOUTS)/%.html: $(HANDOUTS)/ast/%.json $(HO_HTML)
	sh $(HO)/build.sh html $< $@ $(HO_KATEX)

# The chapters whose notes hold a live playground (`::: {.playground ...}`), and the book, embed
# the reference build of playground/ (playground/playground.mk makes it; render.lua reads it).
HO_PLAYGROUND    := $(HANDOUTS)/playground/playground.html
$(HANDOUTS)/%.html: export PLAYGROUND_HTML := $(HO_PLAYGROUND)
HO_PLAYGROUND_CH := $(patsubst chapters/%/notes.md,%,$(shell grep -l '^::: *{[.]live-playground' chapters/*/notes.md 2>/dev/null))
$(foreach e,$(HO_EDITIONS),$(foreach c,$(HO_PLAYGROUND_CH) $(if $(HO_PLAYGROUND_CH),book),\
  $(eval $(HANDOUTS)/$(e)/$(c).html: $(HO_PLAYGROUND))))

$(HANDOUTS)/%.pdf: $(HANDOUTS)/ast/%.json $(HO_PDF)
	sh $(HO)/build.sh pdf $< $@

$(HO_KATEX)/katex.min.js: $(HO)/build.sh $(wildcard /usr/share/javascript/katex/katex.min.*)
	sh $(HO)/build.sh katex $(HO_KATEX)
