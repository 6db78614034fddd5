# The two commands of the README. Each installs what is missing first.
.PHONY: run test setup

run:
	./scripts/setup.sh
	./scripts/run.sh

test:
	./scripts/setup.sh --e2e
	./scripts/test.sh
