"""Helpers for the Easy Read site tests: a small framework, a built site, the browser."""
