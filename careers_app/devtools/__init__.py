"""Helpers for tests and benchmarks: start the real app, launch Debian Chromium."""
