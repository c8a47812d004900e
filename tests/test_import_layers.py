"""The import contracts of pyproject.toml ([tool.importlinter]) hold: layers
point one way (api|web → presenters → reports → workflows → programs →
core/audit), the API and the pages do not import each other, and no package
cycle appears beyond the known ones listed there by name."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
