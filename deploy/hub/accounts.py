"""Create or remove the course hub's Unix accounts (run as root; `make hub-users`).

    python deploy/hub/accounts.py create NAME... [--home-base DIR] [--passwords FILE]
    python deploy/hub/accounts.py remove NAME...

`create` makes each account with a private home (0700) and a random password, and
appends "name password" lines to the passwords file (0600, root only) so the
instructor can hand them out. An existing account is left as it is.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import subprocess
import sys
from pathlib import Path


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def create(names: list[str], home_base: Path | None, passwords: Path) -> list[str]:
    """Create the accounts that do not exist yet; return the names created."""
    made = []
    for name in names:
        if exists(name):
            continue
        cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group"]
        if home_base is not None:
            cmd += ["--home-dir", str(home_base / name)]
        subprocess.run([*cmd, name], check=True)
        os.chmod(pwd.getpwnam(name).pw_dir, 0o700)
        password = secrets.token_urlsafe(12)
        subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
        passwords.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as fh:
            fh.write(f"{name} {password}\n")
        made.append(name)
    return made


def remove(names: list[str]) -> None:
    """Remove the accounts and their homes (their servers must be stopped first)."""
    for name in names:
        if exists(name):
            subprocess.run(
                ["userdel", "--force", "--remove", name], check=False, capture_output=True
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["create", "remove"])
    parser.add_argument("names", nargs="+")
    parser.add_argument("--home-base", type=Path, default=None)
    parser.add_argument(
        "--passwords", type=Path, default=Path(__file__).resolve().parent / "state" / "passwords"
    )
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("Creating Unix accounts needs root: run it with sudo.", file=sys.stderr)
        return 1
    if args.action == "create":
        made = create(args.names, args.home_base, args.passwords)
        print(f"Created {len(made)} account(s); passwords in {args.passwords} (root only).")
    else:
        remove(args.names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
