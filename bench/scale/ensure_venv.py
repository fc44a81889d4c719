"""Creates bench/scale/.venv: prefect 3.9.1 plus prefect-redis, for the official server's
multi-replica setup. Kept apart from test/compat/.venv so the compatibility suite's venv stays
exactly what it pins. Keyed on requirements.txt: a changed file rebuilds it."""

import hashlib
import pathlib
import subprocess
import sys
import venv

HERE = pathlib.Path(__file__).resolve().parent
VENV = HERE / ".venv"
STAMP = VENV / "requirements.sha256"


def main() -> int:
    wanted = hashlib.sha256((HERE / "requirements.txt").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return 0
    print(f"installing the scale benchmark venv in {VENV}", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(HERE / "requirements.txt")],
        check=True,
    )
    STAMP.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
