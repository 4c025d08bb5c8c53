# Greenheart — the two commands of the front door, and a few more.
#   make run    build and start every service locally (Ctrl-C stops them all)
#   make test   install prerequisites, build, run every test
#   make bench  release build, then the bus, SQLite and ZeroMQ benchmarks

SWIFT ?= swift

.PHONY: run test prerequisites build bench

run:
	Deploy/local/run.sh

prerequisites:
	Deploy/local/install-prerequisites.sh
	@python3 -c "import zmq" 2>/dev/null || python3 -m pip install --quiet pyzmq

build: prerequisites
	$(SWIFT) build --build-tests

test: build
	$(SWIFT) test --skip-build

bench: prerequisites
	$(SWIFT) build -c release --product greenheart
	"$$($(SWIFT) build -c release --show-bin-path)/greenheart" bench sqlite
	"$$($(SWIFT) build -c release --show-bin-path)/greenheart" bench zmq
	"$$($(SWIFT) build -c release --show-bin-path)/greenheart" bench bus
