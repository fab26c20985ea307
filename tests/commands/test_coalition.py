"""`accord power`, `accord game`, `accord apportion` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "games"
UNSC = "7,7,7,7,7,1,1,1,1,1,1,1,1,1,1"


def test_power_json() -> None:
    result = runner.invoke(app, ["power", "--quota", "39", "--weights", UNSC, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["players"][0]["shapley_shubik_exact"] == "421/2145"
    assert doc["players"][14]["banzhaf_exact"] == "21/1270"


def test_power_from_file_with_two_majorities(tmp_path: Path) -> None:
    path = tmp_path / "council.csv"
    path.write_text("name,members,population\nA,1,60\nB,1,30\nC,1,10\n", encoding="utf-8")
    result = runner.invoke(
        app, ["power", "--file", str(path), "--quota", "2", "--quota", "51", "--csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("player,weights,shapley_shubik")
    assert lines[1].startswith("A,") and ",2/3," in lines[1]


def test_power_bad_quota_is_one_line() -> None:
    result = runner.invoke(app, ["power", "--quota", "100", "--weights", "1,2"])
    assert result.exit_code == 1
    assert "quota 100 is above the total weight 3" in result.output


def test_game_lemaire_json() -> None:
    result = runner.invoke(app, ["game", str(EXAMPLES / "lemaire.csv"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [p["nucleolus_exact"] for p in doc["players"]] == ["105375/2", "97875/4", "51375/4"]
    assert doc["core_nonempty"] is True


def test_game_core_check_and_bad_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["game", str(EXAMPLES / "airport.csv"), "--kind", "cost", "--allocation", "2,0.5,0.5"]
    )
    assert result.exit_code == 0, result.output
    assert "NOT in the core" in result.stdout
    assert "blocked by A by 1" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("coalition,value\nA,1\nB,oops\nA+B,2\n", encoding="utf-8")
    result = runner.invoke(app, ["game", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3: value: 'oops' is not a number" in result.output


def test_apportion_all_rules_and_errors() -> None:
    result = runner.invoke(
        app, ["apportion", "--estate", "200", "--claims", "100,200,300", "--json"]
    )
    assert result.exit_code == 0, result.output
    awards = json.loads(result.stdout)["awards"]
    assert [a["talmud_exact"] for a in awards] == ["50", "75", "75"]
    result = runner.invoke(app, ["apportion", "--estate", "200", "--claims", "100,-2"])
    assert result.exit_code == 1
    assert "claims[2]" in result.output


def test_console_script_runs() -> None:
    """The installed `accord` entry point, as a user runs it."""
    exe = Path(sys.executable).with_name("accord")
    proc = subprocess.run(
        [str(exe), "apportion", "--estate", "100", "--claims", "50,100", "--rule", "talmud",
         "--csv"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == ["C1,50,25", "C2,100,75"]


MODEL = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "model.yaml"


def test_apportion_a_model_pool() -> None:
    """The example's reconstruction fund (USD 800 bn) covers the claims (216 + 524): each is paid
    in full and the surplus is reported, not silently spread."""
    result = runner.invoke(
        app, ["apportion", "--model", str(MODEL), "--pool", "reconstruction_fund", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {a["claimant"]: a["talmud"] for a in doc["awards"]} == {
        "creditors": 216.0, "ukraine": 524.0
    }
    assert "60 USD bn stays unallocated" in doc["note"]


def test_apportion_a_pool_that_must_be_rationed(tmp_path: Path) -> None:
    text = MODEL.read_text(encoding="utf-8").replace("  size: 800\n", "  size: 370\n", 1)
    small = tmp_path / "model.yaml"
    small.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["apportion", "--model", str(small), "--pool", "reconstruction_fund",
              "--rule", "talmud", "--json"]
    )
    assert result.exit_code == 0, result.output
    awards = {a["claimant"]: a["talmud_exact"] for a in json.loads(result.stdout)["awards"]}
    # 370 = half of the claims: Talmud gives each half its claim
    assert awards == {"creditors": "108", "ukraine": "262"}


def test_a_claim_by_a_non_recipient_is_a_located_error(tmp_path: Path) -> None:
    text = MODEL.read_text(encoding="utf-8").replace(
        "  - recipient: creditors\n", "  - recipient: russia\n", 1
    )
    bad = tmp_path / "model.yaml"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "side_payment_pools[0].claims[0].recipient" in result.output
    assert "'russia' claims on pool 'reconstruction_fund' but is not one of its recipients" in (
        result.output
    )
