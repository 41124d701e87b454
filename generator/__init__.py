"""Handbook generator: YAML content -> checked models -> Markdown pages.

The core (everything except the plugin package, :mod:`generator.mkdocs`) imports nothing from MkDocs, so the
same pages can be handed to an MkDocs build or written to a folder for any other engine.
"""
