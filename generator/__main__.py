"""`.venv/bin/python -m generator ...` (or `make check FILE=...`): the command line, generator/cli.py.

Run by a Python without the handbook's libraries (whatever `python` is first on the PATH), it says
how to run it instead of showing a traceback.
"""

import shlex
import sys

try:
    from generator.cli import main
except ModuleNotFoundError as exc:
    if (exc.name or "generator").startswith("generator"):
        raise
    args = sys.argv[1:]
    make = "make check" + (f" FILE={shlex.quote(args[1])}" if len(args) > 1 and not args[1].startswith("-") else "")
    venv = shlex.join([".venv/bin/python", "-m", "generator", *args])
    either = f"{make} (which sets the environment up first), or {venv}" if args[:1] == ["check"] else venv
    print(f"error: this Python ({sys.executable}) lacks '{exc.name}', which the generator needs; run it in the project's environment: {either}", file=sys.stderr)
    raise SystemExit(2) from None

raise SystemExit(main())
