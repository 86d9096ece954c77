"""arcroom's version, as installed (or the source tree's when run from a checkout)."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("arcroom")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    VERSION = "0.0.0+source"
