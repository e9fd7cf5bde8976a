# Set-up and common tasks. `make deps` installs the Debian packages the build and tests need.
DEBIAN_PACKAGES := libncursesw5-dev libsqlite3-dev libgnutls28-dev pkg-config tmux libcoap3-bin openssl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test run demo release bench

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	swift build

test: deps
	swift test --no-parallel

demo: deps
	swift run lwm2m-console demo

release: deps
	swift build -c release

bench: release
	.build/release/lwm2m-console bench --help
