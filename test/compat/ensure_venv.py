"""Creates <folder>/.venv from <folder>/requirements.txt when it is missing or stale.

The folder is test/compat (the real prefect client) unless one is given, as bench/scale does
for prefect with prefect-redis, kept apart so the compatibility suite's venv stays exactly
what it pins. The venv is keyed on requirements.txt: a changed file rebuilds it.
"""

import hashlib
import pathlib
import subprocess
import sys
import venv

DEFAULT = pathlib.Path(__file__).resolve().parent


def main(folder: pathlib.Path) -> int:
    requirements = folder / "requirements.txt"
    env = folder / ".venv"
    stamp = env / "requirements.sha256"
    wanted = hashlib.sha256(requirements.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return 0
    print(f"installing the venv in {env}", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(requirements)],
        check=True,
    )
    stamp.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT))
