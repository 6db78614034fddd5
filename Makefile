# The two commands of the README. Each installs what is missing first.
.PHONY: run test emulator

run:
	./scripts/setup.sh
	./scripts/run.sh

test:
	./scripts/setup.sh --e2e
	./scripts/test.sh

# Only the IntellectDialog emulator, on http://127.0.0.1:4010 (see README).
emulator:
	./scripts/setup.sh
	. scripts/env.sh && cargo run --release -p server -- emulator --address 127.0.0.1:4010
