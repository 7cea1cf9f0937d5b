"""The package version: one place, read by the package, the report writer and the build."""

__version__ = "0.1.0"
