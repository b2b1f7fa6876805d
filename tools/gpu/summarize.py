"""Summarize a tools/gpu/run_gpu.sh results folder: test counts, campaign verdicts, throughput, machine.

Usage: python tools/gpu/summarize.py OUT  -> writes OUT/summary.json and OUT/summary.md, prints the markdown.
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

CAMPAIGN = re.compile(r"^(\d+) programs, (\d+) failures, (\d+) new buckets.*? on (.+?) \((.*)\)\s*$", re.M)


def junit(path: Path) -> dict:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
    total["failed"] = [c.get("classname", "") + "::" + c.get("name", "") for s in suites for c in s.iter("testcase")
                       if c.find("failure") is not None or c.find("error") is not None]
    return total


def campaign(path: Path) -> dict:
    text = path.read_text(errors="replace")
    m = None
    for m in CAMPAIGN.finditer(text):
        pass
    if m is None:
        return {"finished": False, "tail": text.strip().splitlines()[-3:] if text.strip() else []}
    return {"finished": True, "programs": int(m[1]), "failures": int(m[2]), "new_buckets": int(m[3]),
            "verdicts": m[5]}


def main(out: Path) -> str:
    machine = dict(line.split(": ", 1) for line in (out / "machine.txt").read_text().splitlines() if ": " in line) \
        if (out / "machine.txt").exists() else {}
    seconds = dict(line.rsplit(" ", 1) for line in (out / "campaign-seconds.txt").read_text().splitlines()) \
        if (out / "campaign-seconds.txt").exists() else {}
    result = {"machine": machine, "tests": {}, "campaigns": {},
              "backends": (out / "backends.txt").read_text().strip().splitlines() if (out / "backends.txt").exists() else [],
              "nv_probe": (out / "nv_probe.txt").read_text().strip().splitlines()[-8:] if (out / "nv_probe.txt").exists() else []}
    for xml in sorted(out.glob("*.xml")):
        result["tests"][xml.stem] = junit(xml)
    for log in sorted(out.glob("campaign-*.log")):
        backend = log.stem.removeprefix("campaign-").replace("_", ":")
        c = campaign(log)
        if c.get("finished") and backend in seconds and float(seconds[backend]) > 0:
            c["seconds"] = float(seconds[backend])
            c["programs_per_second"] = round(c["programs"] / float(seconds[backend]), 2)
        result["campaigns"][backend] = c
    (out / "summary.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"# tinyfuzz GPU run, {machine.get('date', '?')}", "",
             f"GPU: {machine.get('gpu', 'none')} x {machine.get('gpus', '0')}; tinygrad {machine.get('tinygrad', '?')}, "
             f"torch {machine.get('torch', '?')}, CC {machine.get('cc', '?')}", "", "## Backends", "",
             *[f"    {b}" for b in result["backends"]], "", "## Fuzz tests", "",
             "| run | tests | failed | errors | skipped |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {k} | {v['tests']} | {v['failures']} | {v['errors']} | {v['skipped']} |" for k, v in result["tests"].items()]
    lines += ["", "## Campaigns (same seed)", "", "| backend | programs | failures | new buckets | programs/s | verdicts |",
              "| --- | --- | --- | --- | --- | --- |"]
    for b, c in result["campaigns"].items():
        lines.append(f"| {b} | {c.get('programs', '-')} | {c.get('failures', '-')} | {c.get('new_buckets', '-')} | "
                     f"{c.get('programs_per_second', '-')} | {c.get('verdicts', 'did not finish')} |")
    lines += ["", "## Why NV did not start (last lines of nv_probe.txt)", "", *[f"    {l}" for l in result["nv_probe"]], ""]
    md = "\n".join(lines)
    (out / "summary.md").write_text(md)
    return md


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
