"""The candidate review page reads stored mentions: it must not import spaCy (loading it took
most of the page's ~20 s on a 10,000-article corpus)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.web.conftest import MODEL


def test_candidates_page_does_not_import_spacy(workbench_db: Path, registry_file: Path) -> None:
    code = (
        "import json, sys\n"
        "from fastapi.testclient import TestClient\n"
        "from accord.web.app import create_app\n"
        f"app = create_app({str(workbench_db)!r}, [{str(MODEL)!r}], "
        f"registry={str(registry_file)!r})\n"
        "r = TestClient(app).get('/candidates')\n"
        "spacy = sorted(m for m in sys.modules if m.split('.')[0] == 'spacy')\n"
        "print(json.dumps({'status': r.status_code, 'rows': r.text.count('data-name='),\n"
        "                  'spacy': spacy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=300)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["status"] == 200
    assert found["rows"] > 0  # the page really grouped unresolved names
    assert found["spacy"] == []
