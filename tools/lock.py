"""Write requirements.txt (runtime closure) and requirements-test.txt (the rest) from the venv."""

from __future__ import annotations

import re
import subprocess
import sys

RUNTIME = {"mkdocs", "mkdocs-material", "jinja2", "pyyaml", "markdown", "pymdown-extensions", "pydantic", "rjsmin", "rcssmin", "nh3"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    pip = [sys.executable, "-m", "pip"]
    freeze = subprocess.run([*pip, "freeze", "--exclude-editable"], capture_output=True, text=True, check=True).stdout
    pins = {norm(a): b for a, b in (line.strip().split("==") for line in freeze.splitlines() if "==" in line)}
    show = subprocess.run([*pip, "show", *pins], capture_output=True, text=True, check=True).stdout
    requires: dict[str, list[str]] = {}
    name = ""
    for line in show.splitlines():
        if line.startswith("Name: "):
            name = norm(line[6:].strip())
        elif line.startswith("Requires: "):
            requires[name] = [norm(r.strip()) for r in line[10:].split(",") if r.strip()]
    runtime: set[str] = set()
    stack = list(RUNTIME)
    while stack:
        n = stack.pop()
        if n not in runtime:
            runtime.add(n)
            stack += requires.get(n, [])
    with open("requirements.txt", "w") as f:
        f.write("# Pinned runtime dependencies (make serve). Regenerate with: make lock\n")
        f.writelines(f"{n}=={pins[n]}\n" for n in sorted(runtime) if n in pins)
    with open("requirements-test.txt", "w") as f:
        f.write("# Pinned test dependencies (make test), on top of requirements.txt. Regenerate with: make lock\n-r requirements.txt\n")
        f.writelines(f"{n}=={pins[n]}\n" for n in sorted(set(pins) - runtime))


if __name__ == "__main__":
    main()
