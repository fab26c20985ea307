"""The workbench's HTTP behaviour without a browser: security headers, CSRF, read-only mode,
raw bytes as a download, the JSON API and the what-if that never writes the model."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import MODEL

from accord.web.app import create_app


@pytest.fixture(scope="module")
def client(workbench_db: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    registry = tmp_path_factory.mktemp("reg") / "actors.yaml"
    from accord.extract.registry_location import PACKAGED

    registry.write_bytes(PACKAGED.read_bytes())
    return TestClient(create_app(workbench_db, [MODEL], registry=registry))


def test_security_headers_on_every_page(client: TestClient) -> None:
    for path in ("/", "/articles", "/articles/1", "/actors", "/api/actors", "/openapi.json"):
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_no_cdn_and_no_swagger_ui(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    html = client.get("/articles").text
    assert "http://" not in html.split("<main>")[0] and "https://" not in html.split("<main>")[0]
    schema = client.get("/openapi.json").json()
    for route in ("/api/corpus/list", "/api/quotes", "/api/forecast/{model}",
                  "/api/bargain/{model}"):
        assert route in schema["paths"]


def test_review_needs_a_csrf_token(client: TestClient) -> None:
    r = client.post("/candidates/ignore", data={"name": "Somebody Else"})
    assert r.status_code == 403
    client.get("/candidates")  # sets the session cookie
    r = client.post("/candidates/ignore", data={"name": "Somebody Else", "csrf_token": "0" * 64})
    assert r.status_code == 403


def test_review_with_token_edits_the_registry(client: TestClient) -> None:
    import re

    page = client.get("/candidates").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page)
    assert token is not None
    r = client.post("/candidates/ignore", data={"name": "Rick Sanchez", "csrf_token": token[1]},
                    follow_redirects=False)
    assert r.status_code == 303 and "ignoring" in r.headers["location"]


def test_read_only_refuses_writes(workbench_db: Path) -> None:
    c = TestClient(create_app(workbench_db, [MODEL], read_only=True))
    page = c.get("/candidates").text
    assert "<form method=\"post\"" not in page
    import re

    token = re.search(r'csrf_token', page)
    assert token is None
    assert c.post("/candidates/ignore", data={"name": "x", "csrf_token": "y"}).status_code == 403


def test_raw_bytes_are_a_download(client: TestClient) -> None:
    r = client.get("/articles/1/raw")
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")
    assert client.get("/articles/999999").status_code == 404


def test_article_span_is_marked(client: TestClient) -> None:
    html = client.get("/articles/1?span=0-20").text
    assert 'id="target"' in html and 'class="target"' in html


def test_api_forecast_and_explain(client: TestClient) -> None:
    f = client.get("/api/forecast/ukraine-2025", params={"engine": "median"}).json()
    assert f["engine"] == "median" and len(f["forecast"]) == 8
    e = client.get("/api/explain/ukraine-2025", params={"actor": "russia"}).json()
    assert e["moves"] and e["moves"][0]["sentence"].startswith("Russia (Kremlin) moved from")
    assert client.get("/api/forecast/nope").status_code == 404
    assert client.get("/api/forecast/ukraine-2025", params={"engine": "x"}).status_code == 422


def test_whatif_never_writes_the_model(client: TestClient) -> None:
    before = hashlib.sha256(MODEL.read_bytes()).hexdigest()
    r = client.get("/models/ukraine-2025/whatif",
                   params={"actor": "us", "capability": "1", "issue": ""})
    assert r.status_code == 200 and "capability 100 → 1" in r.text
    bad = client.get("/models/ukraine-2025/whatif",
                     params={"actor": "us", "issue": "territory", "salience": "150"})
    assert bad.status_code == 400 and "salience" in bad.text
    assert hashlib.sha256(MODEL.read_bytes()).hexdigest() == before


def test_search_filters(client: TestClient) -> None:
    rows = client.get("/api/corpus/list", params={"q": "Kremlin"}).json()["articles"]
    assert rows and all(isinstance(r["id"], int) for r in rows)
    assert client.get("/api/corpus/list", params={"q": "zzzqqqxxx"}).json()["articles"] == []
    assert client.get("/api/corpus/list", params={"date_from": "nonsense"}).status_code == 422
    assert client.get("/api/corpus/list", params={"q": "100%_"}).status_code == 200


def test_serve_warns_on_public_host(workbench_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from accord.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append(k))  # do not block
    r = CliRunner().invoke(app, ["serve", "--db", str(workbench_db), "--host", "0.0.0.0"])
    assert r.exit_code == 0, r.output
    assert "warning" in r.output and calls[0]["host"] == "0.0.0.0"
    r = CliRunner().invoke(app, ["serve", "--db", str(workbench_db.parent / "none.db")])
    assert r.exit_code == 1 and "no such database" in r.output


def test_quotes_and_positions_show_who_speaks_for_whom(client: TestClient) -> None:
    """Stored ``on_behalf_of`` / ``speaker`` reach the JSON API, the listings and actor pages."""
    rows = client.get("/api/quotes", params={"actor": "peskov"}).json()["rows"]
    voiced = [r for r in rows if r["on_behalf_of"]]
    assert voiced and all("on_behalf_of" in r for r in rows)
    principal = voiced[0]["on_behalf_of"]
    html = client.get("/quotes", params={"actor": "peskov"}).text
    assert "<th>for</th>" in html and f'<a href="/actors/{principal}">{principal}</a>' in html
    assert f"for <a href=\"/actors/{principal}\">" in client.get("/actors/peskov").text
    # the principal's page lists the quotes spoken for it, with their speaker
    page = client.get(f"/actors/{principal}").text
    spoken = page.split("<h2>Quotes spoken for ")[1].split("</ul>")[0]
    quote = voiced[0]
    assert f'?span={quote["start"]}-{quote["end"]}#target' in spoken
    assert '<a href="/actors/peskov">' in spoken
    positions = client.get("/api/positions").json()["rows"]
    assert all("speaker" in p for p in positions)
    assert "<th>speaker</th>" in client.get("/positions").text


def test_report_drift_links_into_the_workbench(client: TestClient) -> None:
    """The served report's drift section links each statement to the article page at its span."""
    html = client.get("/models/ukraine-2025/report").text
    drift = html.split('<section id="drift">')[1].split("</section>")[0]
    assert 'src="data:image/svg+xml;base64,' in drift
    assert re.search(r'<a href="/articles/\d+\?span=\d+-\d+#target">', drift)
