"""The results store: one SQLite file, results keyed by tinygrad source hash, suite version and mutant id.

A result is written the moment its mutant finishes, so an interrupted run resumes where it stopped. Coverage
(which kill test runs which tinygrad lines, with baseline timings) and generated mutant lists (per source
file hash) are cached here too, so a rerun of an unchanged tinygrad does neither again. Stores from shards
merge with `python -m mutate merge`.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_PATH = Path("reports/mutation/results.sqlite")
STATUSES = ("killed", "survived", "no_coverage", "error")

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
  sut TEXT, suite TEXT, mutant TEXT, path TEXT, operator TEXT, line INTEGER, func TEXT,
  status TEXT, test TEXT, oracle TEXT, detail TEXT, seconds REAL, tests_run INTEGER,
  setup_s REAL, test_s REAL, at REAL, PRIMARY KEY (sut, suite, mutant));
CREATE TABLE IF NOT EXISTS coverage (sut TEXT, suite TEXT, data TEXT, PRIMARY KEY (sut, suite));
CREATE TABLE IF NOT EXISTS generated (file_hash TEXT, ops TEXT, data TEXT, PRIMARY KEY (file_hash, ops));
"""
COLUMNS = ("sut", "suite", "mutant", "path", "operator", "line", "func", "status", "test", "oracle", "detail",
           "seconds", "tests_run", "setup_s", "test_s", "at")


@dataclass(frozen=True)
class Result:
    mutant: str
    path: str
    operator: str
    line: int
    func: str
    status: str                 # one of STATUSES
    test: str = ""              # the kill test that killed it
    oracle: str = ""            # value, grad, speed, crash, hang, died
    detail: str = ""
    seconds: float = 0.0
    tests_run: int = 0
    setup_s: float = 0.0        # overlay + worker start + tinygrad import
    test_s: float = 0.0         # running kill programs


class Store:
    def __init__(self, path: str | Path = DEFAULT_PATH):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def put(self, sut: str, suite: str, r: Result) -> None:
        row = (sut, suite) + tuple(asdict(r).values()) + (time.time(),)
        d = dict(zip(("sut", "suite") + tuple(asdict(r)) + ("at",), row))
        self.db.execute(f"INSERT OR REPLACE INTO results ({','.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})",
                        [d[c] for c in COLUMNS])
        self.db.commit()

    def done(self, sut: str, suite: str) -> set[str]:
        return {m for (m,) in self.db.execute("SELECT mutant FROM results WHERE sut=? AND suite=? AND status != 'error'",
                                              (sut, suite))}

    def results(self, sut: str | None = None, suite: str | None = None, ids: set[str] | None = None) -> list[dict]:
        q, args = "SELECT * FROM results WHERE 1=1", []
        if sut:
            q, args = q + " AND sut=?", args + [sut]
        if suite:
            q, args = q + " AND suite=?", args + [suite]
        cur = self.db.execute(q, args)
        names = [c[0] for c in cur.description]
        rows = [dict(zip(names, r)) for r in cur]
        return [r for r in rows if ids is None or r["mutant"] in ids]

    def find(self, mutant: str) -> list[dict]:
        cur = self.db.execute("SELECT * FROM results WHERE mutant LIKE ? ORDER BY at DESC", (mutant + "%",))
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def kills_by_test(self, sut: str, suite: str) -> dict[str, int]:
        return dict(self.db.execute("SELECT test, COUNT(*) FROM results WHERE sut=? AND suite=? AND status='killed' "
                                    "GROUP BY test", (sut, suite)))

    def coverage(self, sut: str, suite: str) -> dict | None:
        row = self.db.execute("SELECT data FROM coverage WHERE sut=? AND suite=?", (sut, suite)).fetchone()
        return json.loads(row[0]) if row else None

    def put_coverage(self, sut: str, suite: str, data: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO coverage VALUES (?, ?, ?)", (sut, suite, json.dumps(data)))
        self.db.commit()

    def generated(self, file_hash: str, ops: str) -> list[dict] | None:
        row = self.db.execute("SELECT data FROM generated WHERE file_hash=? AND ops=?", (file_hash, ops)).fetchone()
        return json.loads(row[0]) if row else None

    def put_generated(self, file_hash: str, ops: str, data: list[dict]) -> None:
        self.db.execute("INSERT OR REPLACE INTO generated VALUES (?, ?, ?)", (file_hash, ops, json.dumps(data)))
        self.db.commit()

    def merge_from(self, other: str | Path) -> int:
        """Copy every row of another store in; returns how many results came in."""
        before = self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        self.db.execute("ATTACH DATABASE ? AS other", (str(other),))
        try:
            for table in ("results", "coverage", "generated"):
                self.db.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM other.{table}")
            self.db.commit()
        finally:
            self.db.execute("DETACH DATABASE other")
        return self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0] - before
