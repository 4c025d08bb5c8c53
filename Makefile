# Greenheart — the two commands of the front door, and a few more.
#   make run    build and start every service locally, with the station simulator (Ctrl-C stops them all)
#   make demo   play the scripted scenario end to end, every step checked; nothing is left running
#   make test   install prerequisites, build, run every test
#   make bench  release build, then the bus, SQLite and ZeroMQ benchmarks
#   make deploy-check  lint the Dockerfile, check docker-compose.yml, validate Deploy/k8s
#   make secrets       generate local deployment secrets under Deploy/secrets (never committed)
#   make lint          check formatting against .swift-format (CI runs it); make format applies it

SWIFT ?= swift

.PHONY: run demo test prerequisites build bench bench-ingest deploy-check secrets lint format

run:
	Deploy/local/run.sh

demo:
	Deploy/local/demo.sh

prerequisites:
	Deploy/local/install-prerequisites.sh
	Deploy/check/install-tools.sh
	@python3 -c "import zmq" 2>/dev/null || python3 -m pip install --quiet pyzmq
	@command -v xmllint >/dev/null 2>&1 || apt-get install -y libxml2-utils
	@python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install --quiet aiosmtpd

build: prerequisites
	$(SWIFT) build --build-tests

test: build
	$(SWIFT) test --skip-build

bench: prerequisites
	Benchmarks/bus.sh

deploy-check: build
	Deploy/check/install-tools.sh
	Deploy/check/dockerfile.sh
	GREENHEART="$$($(SWIFT) build --show-bin-path)/greenheart" Deploy/check/compose.sh
	Deploy/check/k8s.sh

secrets:
	$(SWIFT) build --product greenheart
	GREENHEART="$$($(SWIFT) build --show-bin-path)/greenheart" Deploy/secrets/generate.sh

bench-ingest: prerequisites
	Benchmarks/ingest-end-to-end.sh

FORMATTED = Package.swift Services Shared Tests

lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

format:
	$(SWIFT) format format --in-place --recursive $(FORMATTED)
