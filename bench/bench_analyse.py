"""Benchmark of the relations analyses over a large synthetic store.

    .venv/bin/python bench/bench_analyse.py --db /tmp/bench-10m.duckdb --events 10000000

Builds (once; reused when the file already holds that many events) a store of N synthetic events
among 200 states with DuckDB SQL, then times the dyad series (budget < 0.5 s) and the alignment
matrix of the 200 states (budget < 5 s), and prints one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import duckdb

from detente.analyse import dyad_report, dyad_series
from detente.analyse.keys import actor_classes
from detente.analyse.matrix import alignment_matrix
from detente.store import Store

# (cameo, goldstein, plover): a spread over the four quad classes.
CODES = [
    ("010", 0.0, None), ("036", 4.0, "CONSULT"), ("042", 1.9, "CONSULT"), ("043", 2.8, "CONSULT"),
    ("051", 3.4, "SUPPORT"), ("057", 8.0, "AGREE"), ("061", 6.4, "COOPERATE"),
    ("070", 7.0, "AID"), ("081", 5.0, "CONCEDE"), ("111", -2.0, "ACCUSE"),
    ("112", -2.0, "ACCUSE"), ("130", -4.4, "THREATEN"), ("141", -6.5, "PROTEST"),
    ("163", -8.0, "SANCTION"), ("173", -5.0, "COERCE"), ("190", -10.0, "ASSAULT"),
]


def state_codes(n: int = 200) -> list[str]:
    """TUR and RUS, then synthetic three-letter codes (AAA, AAB, ...) that are not group
    pseudo-countries such as AFR."""
    codes = ["TUR", "RUS"]
    groups = actor_classes().group_countries
    i = 0
    while len(codes) < n:
        code = chr(65 + i // 676 % 26) + chr(65 + i // 26 % 26) + chr(65 + i % 26)
        if code not in codes and code not in groups:
            codes.append(code)
        i += 1
    return codes


def build(con: duckdb.DuckDBPyConnection, n_events: int) -> float:
    """Fill `events` with n synthetic events; returns the seconds it took."""
    states = "[" + ", ".join(f"'{c}'" for c in state_codes()) + "]"
    cameo = "[" + ", ".join(f"'{c}'" for c, _, _ in CODES) + "]"
    gold = "[" + ", ".join(str(g) for _, g, _ in CODES) + "]"
    plover = "[" + ", ".join(f"'{p}'" if p else "NULL" for _, _, p in CODES) + "]"
    started = time.perf_counter()
    con.execute(f"""
        INSERT INTO events (
            id, event_key, doc_id, sentence_index, sentence, source_code, source_country,
            source_sector, source_text, source_name, target_code, target_country, target_sector,
            target_text, target_name, cameo, root, quad_class, goldstein, plover, date,
            date_precision, date_text, place_name, place_country, place_lat, place_lon, negated,
            modality, issues, trigger, origin, record, n_mentions, n_documents, doc_ids)
        WITH r AS (
            SELECT i,
                   -- busy states are more frequent (squared uniform), never source = target
                   1 + CAST(floor(200 * pow(random(), 2)) AS INTEGER) AS s,
                   1 + CAST(floor(200 * pow(random(), 2)) AS INTEGER) AS t0,
                   1 + CAST(floor(random() * {len(CODES)}) AS INTEGER) AS c,
                   random() AS u
            FROM range({n_events}) AS g(i)
        ), e AS (
            SELECT *, CASE WHEN t0 = s THEN 1 + (s % 200) ELSE t0 END AS t,
                   {states}[s] AS sc
            FROM r
        )
        SELECT 'e' || i, 'e' || i, 'doc' || (i // 20), 0, 'synthetic sentence ' || i,
               sc || CASE WHEN u < 0.05 THEN 'REB' ELSE 'GOV' END, sc,
               CASE WHEN u < 0.05 THEN 'REB' ELSE 'GOV' END, sc, NULL,
               {states}[t] || 'GOV', {states}[t], 'GOV', {states}[t], NULL,
               {cameo}[c], substr({cameo}[c], 1, 2),
               CASE WHEN c <= 6 THEN 1 WHEN c <= 9 THEN 2 WHEN c <= 13 THEN 3 ELSE 4 END,
               {gold}[c], {plover}[c],
               DATE '2000-01-01' + CAST(floor(random() * 9000) AS INTEGER), 'day', NULL,
               NULL, NULL, NULL, NULL,
               false, CASE WHEN u > 0.97 THEN 'intended' ELSE 'asserted' END,
               CASE WHEN u > 0.9 THEN ['SYRIA'] ELSE [] END, NULL, 'bench', NULL,
               1, 1, ['doc' || (i // 20)]
        FROM e
    """)
    return time.perf_counter() - started


def timed(fn: object, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (all threads of this process) of each run."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="DuckDB file (created if absent)")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    writer = Store(args.db)  # creates the tables
    con = writer.con
    have = con.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    build_s = None
    if have != args.events:
        con.execute("DELETE FROM events")
        build_s = build(con, args.events)
        con.execute("CHECKPOINT")
    writer.close()
    store = Store(args.db, read_only=True)
    series = dyad_series(store, "TUR", "RUS")
    series_s, series_cpu = timed(lambda: dyad_series(store, "TUR", "RUS"), args.repeat)
    matrix = alignment_matrix(store)
    matrix_s, matrix_cpu = timed(lambda: alignment_matrix(store), max(1, args.repeat // 2))
    report_s, _ = timed(lambda: dyad_report(store, "TUR", "RUS"), 1)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "events": args.events,
        "build_s": None if build_s is None else round(build_s, 1),
        "dyad_series_events": int(series["events"].sum()),
        "dyad_series_periods": int(series["period"].nunique()),
        "dyad_series_s_median": round(statistics.median(series_s), 3),
        "dyad_series_s_max": round(max(series_s), 3),
        "dyad_series_cpu_s_median": round(statistics.median(series_cpu), 3),
        "matrix_states": len(matrix.scores),
        "matrix_blocs": int(matrix.blocs["bloc"].nunique()),
        "matrix_s_median": round(statistics.median(matrix_s), 3),
        "matrix_s_max": round(max(matrix_s), 3),
        "matrix_cpu_s_median": round(statistics.median(matrix_cpu), 3),
        "dyad_report_s": round(report_s[0], 3),
        "budget_ok": statistics.median(series_s) < 0.5 and statistics.median(matrix_s) < 5,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    return 0 if result["budget_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
