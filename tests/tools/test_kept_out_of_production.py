"""The production server never loads the tools: production settings neither install the ``tools``
app nor route to it, what a gunicorn worker imports (the WSGI application, then the URL conf with
every view) loads no ``tools`` module, and the tools' commands are found only under
``tools.settings``, the settings of the make targets that run them."""

import json
import subprocess
import sys

import pytest

from tests.startup import ROOT, environment, manage, production

# Child processes with environments of their own, whatever database the suite runs on.
pytestmark = pytest.mark.any_engine

TOOL_COMMANDS = {"benchmark_portal", "load_test", "benchmark_search"}
# Run in a fresh interpreter: the test process has imported the tools itself.
PROBE = """
import json, sys
import spi_portal.wsgi
from django.conf import settings
from django.urls import get_resolver
get_resolver().url_patterns  # what the first request imports
print(json.dumps({
    "apps": settings.INSTALLED_APPS,
    "urlconf": settings.ROOT_URLCONF,
    "middleware": settings.MIDDLEWARE,
    "modules": sorted(m for m in sys.modules if m.split(".")[0] == "tools"),
}))
"""


def _is_tool(name: str) -> bool:
    return name.split(".")[0] == "tools"


def test_the_production_server_installs_routes_and_imports_no_tool(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=production(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded["urlconf"] == "spi_portal.urls"
    assert [name for name in loaded["apps"] if _is_tool(name)] == []
    assert [name for name in loaded["middleware"] if _is_tool(name)] == []
    assert loaded["modules"] == []


def test_the_tools_commands_are_found_only_under_the_tools_settings(tmp_path):
    tools = manage(environment(DJANGO_SETTINGS_MODULE="tools.settings"), "help", "--commands")
    portal = manage(production(tmp_path), "help", "--commands")
    assert tools.returncode == 0 and portal.returncode == 0, tools.stderr + portal.stderr
    assert set(tools.stdout.split()) >= TOOL_COMMANDS
    assert set(portal.stdout.split()) & TOOL_COMMANDS == set()
