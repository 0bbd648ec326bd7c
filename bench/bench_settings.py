"""Settings for the benchmark: the project's settings, with a URLconf that adds a trivial baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
