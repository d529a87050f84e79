# Shortcuts over scripts/: the scripts are the source of truth (CI runs .ci/run).
.PHONY: setup test unit e2e screenshot

setup:
	bash scripts/setup.sh

test:
	bash scripts/test.sh

unit:
	bash scripts/test.sh -m "not e2e and not browser"

e2e:
	bash scripts/test.sh -m e2e

# Refresh docs/screenshot.png: the browser test opens a pre-annotated example task in a real Label Studio
# (CI=true: a missing Label Studio or Chromium fails instead of skipping and leaving the old picture).
screenshot:
	CI=true QAWL_SCREENSHOT=docs/screenshot.png bash scripts/test.sh -m browser tests/e2e
