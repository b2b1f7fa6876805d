"""A planted segfault and a planted hang each become a bucket while the campaign goes on."""
from __future__ import annotations

import json

import pytest

from fuzz.__main__ import main


def campaign(tmp_path, capsys, *flags) -> tuple[int, str, list[dict]]:
    rc = main(["run", "--corpus", str(tmp_path), "--seed", "0", "--minutes", "8", "--jobs", "1", *flags])
    out = capsys.readouterr().out
    metas = [json.loads(p.read_text()) for p in sorted((tmp_path / "crashes").glob("*/meta.json"))]
    return rc, out, metas


@pytest.mark.parametrize("plant, ops, kind, extra", [
    ("segfault", "sqrt,neg", "died", []),                  # Tensor.sqrt reads address 0: SIGSEGV in the worker
    ("hang", "sin,neg", "hang", ["--timeout", "2"]),       # Tensor.sin sleeps an hour: timeout and retry fire
])
def test_planted_death_becomes_a_bucket_and_the_run_goes_on(tmp_path, capsys, plant, ops, kind, extra):
    rc, out, metas = campaign(tmp_path, capsys, "--ops", ops, "--max-ops", "2", "--max-programs", "8",
                              "--minimize-checks", "2", "--patch", f"tests.plants:{plant}", *extra)
    assert rc == 1                                                  # new buckets found
    assert [m["kind"] for m in metas] and {m["kind"] for m in metas} == {kind}, out
    died_ops = {op for m in metas for op in m["ops"]}
    assert plant != "segfault" or "sqrt" in died_ops
    assert plant != "hang" or "sin" in died_ops
    last = out.strip().splitlines()[-1]
    assert last.startswith("8 programs"), out                     # every program was judged: the run went on
    assert "pass" in last                                           # ... and programs without the op still pass
    for m in metas:
        assert (tmp_path / "crashes" / m["bucket"] / "repro.py").exists()
        assert m["size"]["fresh"] == kind                            # reproduces in a fresh worker too


def test_pristine_tinygrad_gives_no_buckets(tmp_path, capsys):
    rc, out, metas = campaign(tmp_path, capsys, "--ops", "sqrt,sin,neg", "--max-ops", "2", "--max-programs", "8")
    assert rc == 0 and metas == [], out
