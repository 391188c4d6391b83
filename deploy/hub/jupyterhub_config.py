"""The course on a real JupyterHub: instructors and students as separate Unix accounts.

`make hub` starts it (as root: the hub starts each person's server as that person's
own Unix account, with LocalProcessSpawner). `make hub-users` creates the accounts.
The proxy is configurable-http-proxy from npm (installed beside this file by
`make hub`), the hub is JupyterHub from PyPI, idle servers are stopped by
jupyterhub-idle-culler running as a hub service.

Between the accounts runs nbgrader's exchange (a folder every account can write to
and nobody can list: see deploy/README.md). Instructors get a copy of the course's
nbgrader folder (sources, keys, gradebook) in ~/trust-and-value/autograder, readable
by them alone; students get the course's notebooks in ~/modules and nbgrader's
assignment list, nothing else of nbgrader's.

Settings come from the environment, so the tests can start the same hub on free ports:
TRUSTVALUE_HUB_IP, TRUSTVALUE_HUB_PORT (public, the proxy), TRUSTVALUE_HUB_API_PORT,
TRUSTVALUE_PROXY_API_PORT, TRUSTVALUE_HUB_STATE (hub database, cookie secret),
TRUSTVALUE_EXCHANGE, TRUSTVALUE_INSTRUCTORS and TRUSTVALUE_STUDENTS (names, space
separated), TRUSTVALUE_CULL_TIMEOUT and TRUSTVALUE_CULL_EVERY (seconds),
TRUSTVALUE_HUB_ADMIN_TOKEN (optional: an API token with admin rights, for scripts).
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
COURSE_ID = "trust-and-value"
STATE = Path(os.environ.get("TRUSTVALUE_HUB_STATE", HERE / "state"))
EXCHANGE = Path(os.environ.get("TRUSTVALUE_EXCHANGE", "/srv/nbgrader/exchange"))
INSTRUCTORS = os.environ.get("TRUSTVALUE_INSTRUCTORS", "instructor").split()
STUDENTS = os.environ.get("TRUSTVALUE_STUDENTS", "student1 student2 student3").split()
if os.geteuid() != 0:
    raise SystemExit(
        "The course hub starts each person's server as their own Unix account: run it as root "
        "(sudo make hub). See deploy/README.md."
    )
sys.path.insert(0, str(HERE))
from hubenv import account_env, user_runtime  # noqa: E402

PYTHON, _ = user_runtime()

c = get_config()

# Network: the proxy is the only public door; the hub and the servers listen locally.
c.JupyterHub.ip = os.environ.get("TRUSTVALUE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("TRUSTVALUE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("TRUSTVALUE_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{os.environ.get('TRUSTVALUE_PROXY_API_PORT', '8001')}"
)
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.Spawner.ip = "127.0.0.1"

# State: the hub's own database and secret, never inside a learner's reach.
STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# Accounts: Unix users (made by deploy/hub/accounts.py), passwords checked by PAM.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
c.Authenticator.admin_users = set(INSTRUCTORS)
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# nbgrader's exchange: everyone may write into it, nobody may list or delete others' files.
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o1777)


def _give(path: Path, pw: pwd.struct_passwd) -> None:
    """Hand a copied tree to its owner."""
    for root, dirs, files in os.walk(path):
        for name in [root, *(os.path.join(root, d) for d in dirs)]:
            os.chown(name, pw.pw_uid, pw.pw_gid)
        for name in files:
            os.chown(os.path.join(root, name), pw.pw_uid, pw.pw_gid)


def prepare_home(spawner) -> None:
    """Before a server starts: the person's private home, their course material, their role."""
    name = spawner.user.name
    pw = pwd.getpwnam(name)
    home = Path(pw.pw_dir)
    home.chmod(0o700)  # nobody reads another person's work
    role = "instructor" if name in INSTRUCTORS else "student"
    if role == "instructor":
        course = home / COURSE_ID / "autograder"
        if not course.exists():
            shutil.copytree(
                REPO / "autograder",
                course,
                ignore=shutil.ignore_patterns(
                    "gradebook.db",
                    "submitted",
                    "autograded",
                    "feedback",
                    "release",
                    "backups",
                    "reports",
                    "__pycache__",
                ),
            )
            _give(home / COURSE_ID, pw)
    else:
        modules = home / "modules"
        if not modules.exists():
            modules.mkdir()
            # The course's shared notebooks; the graded modules arrive through the
            # assignment list (nbgrader fetch) into this same folder.
            for notebook in (REPO / "modules").glob("*.ipynb"):
                shutil.copy(notebook, modules / notebook.name)
            _give(modules, pw)
    spawner.environment.update(account_env(role, str(EXCHANGE))[1])


c.Spawner.pre_spawn_hook = prepare_home

# Idle servers are stopped (their files stay): a class of 300 does not keep 300 servers.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={os.environ.get('TRUSTVALUE_CULL_TIMEOUT', '3600')}",
            f"--cull-every={os.environ.get('TRUSTVALUE_CULL_EVERY', '300')}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
if os.environ.get("TRUSTVALUE_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "course-admin", "api_token": os.environ["TRUSTVALUE_HUB_ADMIN_TOKEN"]}
    )
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["course-admin"]})
