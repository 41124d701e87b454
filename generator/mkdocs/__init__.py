"""The MkDocs side of the generator: the ``handbook`` plugin (registered as an entry point in
pyproject.toml, listed under ``plugins:`` in mkdocs.yml). This package is the only part of the
generator that imports MkDocs (a ``forbidden`` import-linter contract checks it); it hands the
core's pages and files to the build and passes its options down as plain values."""
