"""The `detente` command: a thin layer over the Python API.

Each command parses options, calls one API function and renders what it returns. With
`--format json|jsonl|csv` the machine-readable output is alone on stdout; messages, warnings and
progress go to stderr.

Exit codes: 0 every input coded; 1 some inputs failed (the rest were coded and stored);
2 bad usage; 3 nothing could be coded (every input failed, or none was given); 4 a store or data
file error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from detente.errors import DetenteError, InputError, OutputError, UsageError
from detente.records import json_default
from detente.store import DEFAULT_DB, Store, event_key

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_STORE = 0, 1, 2, 3, 4

app = typer.Typer(
    name="detente",
    help="Code foreign-affairs text into CAMEO/PLOVER events and measure relations between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=False)
err = Console(stderr=True)


class EventFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]


def _fail(error: DetenteError, code: int | None = None) -> typer.Exit:
    """Print a coded error on stderr; the exit code follows its kind unless given."""
    err.print(f"[red]error[/] {error}", highlight=False)
    if code is None:
        code = EXIT_USAGE if isinstance(error, UsageError) else EXIT_STORE
    return typer.Exit(code)


def _corpus_like(inputs: list[str]) -> bool:
    """More than one document is expected: several inputs, a directory or a corpus file."""
    if len(inputs) > 1:
        return True
    path = Path(inputs[0])
    return path.is_dir() or path.suffix.lower() in {".jsonl", ".csv", ".gz"}


class _Summary:
    """What `analyze` shows, gathered document by document so a corpus of any size fits:
    event records stream out as JSON lines, or the table keeps only the first events."""

    def __init__(self, *, jsonl: bool, show: int) -> None:
        self.jsonl, self.show = jsonl, show
        self.rows: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.light: list[dict[str, Any]] = []  # what the dyad table needs, per event
        self.events = self.not_asserted = self.coded = self.unchanged = self.failed = 0

    def add(self, item: Any) -> None:
        from detente.pipeline import CodedDocument

        if isinstance(item, str):
            self.unchanged += 1
            self.rows.append({"doc_id": item, "status": "unchanged (already stored)"})
        elif isinstance(item, InputError):
            self.failed += 1
            err.print(f"[red]failed[/] {item}", highlight=False)
            self.rows.append({"doc_id": item.path or "?",
                              "status": f"failed {item.code}"})
        elif isinstance(item, CodedDocument):
            self.coded += 1
            self.rows.append({"doc_id": item.row.doc_id, "pub_date": item.row.pub_date,
                              "sentences": len(item.sentences), "events": len(item.events),
                              "status": "coded"})
            if item.row.pub_date is None:
                err.print(f"[yellow]warning[/] {item.row.doc_id}: no publication date found; "
                          "events without a date of their own stay undated (use --date)")
            for event in item.events:
                self._add_event(event.to_dict(), event_key(event))

    def _add_event(self, record: dict[str, Any], key: str) -> None:
        self.events += 1
        if self.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        if record["modality"] != "asserted":
            self.not_asserted += 1
        elif len(self.shown) < self.show:
            self.shown.append(record)
        self.light.append({"event_key": key, **{field: record[field] for field in (
            "source", "target", "goldstein", "quad_class", "modality", "negated")}})


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    db: DbOption = Path(DEFAULT_DB),
    no_store: Annotated[bool, typer.Option("--no-store", help="Code without storing.")] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date YYYY-MM-DD.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="table (summary) or jsonl (event records only).")
    ] = "table",
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor table (YAML); repeatable.")
    ] = None,
    issues: Annotated[
        Path | None,
        typer.Option("--issues", help="Extra issue vocabulary (YAML, same format as ours)."),
    ] = None,
    verbs: Annotated[
        list[Path] | None,
        typer.Option("--verbs", help="Extra verb lexicon (our YAML or a PETRARCH verb "
                                     "dictionary); repeatable."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-code documents already stored unchanged.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Code on N local worker processes.")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Code on a running Dask cluster (tcp://host:8786)."),
    ] = None,
    show: Annotated[int, typer.Option("--show", help="Events to list in the summary.")] = 40,
) -> None:
    """Code documents into events, store them, and print a summary."""
    from detente.present.tables import documents_table, dyads_table, events_table

    if output_format not in ("table", "jsonl"):
        err.print(f"[red]error[/] --format must be table or jsonl, not {output_format!r}")
        raise typer.Exit(EXIT_USAGE)
    if workers is not None and workers < 1:
        err.print("[red]error[/] --workers must be at least 1")
        raise typer.Exit(EXIT_USAGE)
    if issues is not None and (workers or scheduler):
        err.print("[red]error[/] --issues does not travel to Dask workers yet; code without "
                  "--workers/--scheduler to use an extra issue vocabulary")
        raise typer.Exit(EXIT_USAGE)
    if date is not None:
        _check_date(date)
    summary = _Summary(jsonl=output_format == "jsonl", show=show)
    target_db = None if no_store else db
    actor_files = tuple(actors or ())
    verb_files = tuple(verbs or ())
    try:
        with _progress(_corpus_like(inputs)) as tick:
            def notify(item: Any) -> None:
                summary.add(item)
                tick()

            if workers or scheduler:
                from detente.distributed import analyze_distributed

                result = analyze_distributed(
                    inputs, db=target_db, date=date, workers=workers, scheduler=scheduler,
                    actor_files=actor_files, verb_files=verb_files, force=force,
                    keep_coded=False, on_document=notify)
            else:
                from detente.pipeline import Coder
                from detente.pipeline import analyze as run_analyze

                coder = Coder(actor_files=actor_files, issue_file=issues, verb_files=verb_files)
                result = run_analyze(inputs, db=target_db, date=date, coder=coder, force=force,
                                     keep_coded=False, on_document=notify)
    except DetenteError as exc:
        raise _fail(exc) from exc

    if output_format == "table":
        out.print(documents_table(summary.rows))
        title = f"Events ({summary.events} coded; {summary.not_asserted} not asserted" + (
            f"; first {show} asserted shown)" if len(summary.shown) == show else ")")
        out.print(events_table(summary.shown, title=title, width=out.width))
        out.print(dyads_table(summary.light))
        if not no_store:
            out.print(f"Stored in {db}: {result.stored_mentions} new event mentions "
                      f"({summary.unchanged} documents unchanged).",
                      highlight=False, soft_wrap=True)
    if not summary.coded and not summary.unchanged:
        raise typer.Exit(EXIT_NOTHING)
    if summary.failed:
        err.print(f"[yellow]{summary.failed} input(s) failed[/]; the others were coded.")
        raise typer.Exit(EXIT_PARTIAL)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[], None]]:
    """A progress display on stderr when more than one document is expected."""
    if not enabled:
        yield lambda: None
        return
    progress = Progress(SpinnerColumn(), TextColumn("coding"), BarColumn(),
                        MofNCompleteColumn(), TextColumn("documents"), console=err,
                        transient=True)
    with progress:
        task = progress.add_task("coding", total=None)
        yield lambda: progress.advance(task)


def _check_date(value: str, option: str = "--date") -> None:
    from datetime import date as _date

    try:
        _date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error[/] {option} {value!r} is not a date of the form YYYY-MM-DD",
                  highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


def _check_window(since: str | None, until: str | None) -> None:
    """`--since` and `--until` are dates, the first not after the second."""
    if since:
        _check_date(since, "--since")
    if until:
        _check_date(until, "--until")
    if since and until and since > until:
        err.print(f"[red]error[/] --since {since} is after --until {until}", highlight=False)
        raise typer.Exit(EXIT_USAGE)


OverwriteOption = Annotated[
    bool, typer.Option("--overwrite", help="Replace the output if it exists (refused otherwise).")
]


def _check_output(path: Path, overwrite: bool, *, directory: bool = False) -> None:
    """Every exporter treats its output the same way: the folder it goes in must exist, and an
    existing file (or non-empty directory) is replaced only with --overwrite."""
    parent = path.absolute().parent
    try:
        folder, is_dir, exists = parent.is_dir(), path.is_dir(), path.exists()
    except OSError as exc:  # a name the system cannot hold (too long, …)
        raise _write_failed(path, exc) from exc
    if not folder:
        raise _fail(OutputError(f"{path}: the folder {parent} does not exist; create it first"))
    if directory:
        return  # the Parquet exporter checks the directory itself (only its own files go)
    if is_dir:
        raise _fail(OutputError(f"{path} is a directory; give a file name"))
    if exists and not overwrite:
        raise _fail(OutputError(f"{path} already exists; give --overwrite to replace it"))


def _write_failed(path: Path, exc: Exception) -> typer.Exit:
    reason = getattr(exc, "strerror", None) or str(exc)
    return _fail(OutputError(f"{path}: cannot write: {reason}"))


@app.command()
def events(
    db: DbOption = Path(DEFAULT_DB),
    dyad: Annotated[
        tuple[str, str] | None,
        typer.Option("--dyad", help="Two country or organisation codes, either direction "
                     "(e.g. TUR EU)."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="Events involving this country.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="Every mention, not merged events.")
    ] = False,
    output_format: Annotated[EventFormat, typer.Option("--format")] = EventFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (parquet needs one).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    overwrite: OverwriteOption = False,
) -> None:
    """Query stored events."""
    from detente.present.tables import events_table

    _check_window(since, until)
    if limit is not None and limit < 1:
        err.print(f"[red]error[/] --limit must be 1 or more, not {limit}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    if output is not None:
        if output_format is EventFormat.table:
            err.print("[red]error[/] --output writes jsonl, csv or parquet: give --format too")
            raise typer.Exit(EXIT_USAGE)
        _check_output(output, overwrite)
    filters: dict[str, Any] = {
        "dyad": (dyad[0].upper(), dyad[1].upper()) if dyad else None,
        "country": country.upper() if country else None,
        "since": since, "until": until, "mentions": mentions, "limit": limit,
    }
    try:
        with Store(db, read_only=True) as store:
            if output_format is EventFormat.table:
                records = store.event_records(**filters)
                title = f"Events in {db} ({len(records)})"
                out.print(events_table(records, title=title, width=out.width))
                return
            if output_format is EventFormat.parquet:
                if output is None:
                    err.print("[red]error[/] --format parquet needs --output FILE")
                    raise typer.Exit(EXIT_USAGE)
                # DuckDB writes the file itself, as it reads the events
                count = store.write_events_parquet(output, **filters)
            else:
                frame = store.events_frame(**filters)
                count = len(frame)
    except DetenteError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # the store turns DuckDB's write errors into OSError
        raise _write_failed(output or Path("-"), exc) from exc
    if output_format is not EventFormat.parquet:
        try:
            _write_events(frame, output_format, output)
        except OSError as exc:
            raise _write_failed(output or Path("-"), exc) from exc
    if output is not None:
        err.print(f"wrote {count} events to {output}", highlight=False)


def _write_events(frame: Any, output_format: EventFormat, output: Path | None) -> None:
    """Events as CSV or JSON lines, to `output` or stdout."""
    if output_format is EventFormat.csv:
        from detente.present.tables import csv_frame

        csv_frame(frame).to_csv(output if output else sys.stdout, index=False)
    else:
        lines = []
        for row in frame.itertuples(index=False):
            record = json.loads(row.record)
            if hasattr(row, "n_mentions"):
                record["n_mentions"] = int(row.n_mentions)
            lines.append(json.dumps(record, ensure_ascii=False))
        text = "".join(line + "\n" for line in lines)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class MatrixFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Period(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=json_default) + "\n")


def _open_relations(db: Path) -> Any:
    from detente.analyse.api import open as open_relations

    try:
        return open_relations(db)
    except DetenteError as exc:
        raise _fail(exc) from exc


@app.command()
def dyad(
    a: Annotated[
        str, typer.Argument(help="First party: a state (TUR) or an organisation (NATO, EU).")
    ],
    b: Annotated[str, typer.Argument(help="Second party (e.g. RUS).")],
    db: DbOption = Path(DEFAULT_DB),
    by: Annotated[Period, typer.Option("--by", help="Period of the series.")] = Period.month,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    output_format: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.table,
) -> None:
    """Trend, alignment and verdict for two states, with the evidence behind it."""
    from detente.present.tables import dyad_renderables

    _check_window(since, until)
    with _open_relations(db) as relations:
        # codes as given: the API upper-cases state codes and keeps group names ("REB:Kurds")
        try:
            report = relations.relation(a, b, by=by.value, since=since, until=until)
        except DetenteError as exc:
            raise _fail(exc) from exc
    if output_format is ReportFormat.json:
        _print_json(report)
        return
    for renderable in dyad_renderables(report):
        out.print(renderable)


@app.command()
def align(
    db: DbOption = Path(DEFAULT_DB),
    countries: Annotated[
        list[str] | None,
        typer.Option("--countries", help="States or organisations (NATO, EU); repeatable."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    output_format: Annotated[MatrixFormat, typer.Option("--format")] = MatrixFormat.table,
) -> None:
    """Alignment matrix of the states in the store, and their blocs."""
    from detente.present.tables import alignment_table

    _check_window(since, until)
    wanted = [c.upper() for item in countries or [] for c in item.replace(",", " ").split()]
    with _open_relations(db) as relations:
        try:
            matrix = relations.matrix(wanted or None, since=since, until=until)
        except DetenteError as exc:
            raise _fail(exc) from exc
    scores, blocs = matrix.scores, matrix.blocs
    if output_format is MatrixFormat.csv:
        scores.to_csv(sys.stdout)
    elif output_format is MatrixFormat.json:
        _print_json(matrix.to_json())
    else:
        out.print(alignment_table(scores, blocs))


@app.command()
def forecast(
    scenario: Annotated[
        Path | None,
        typer.Argument(help="Scenario: CSV (Actor,Capability,Position,Salience), KTAB or YAML."),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help="compromise, median, eum or condorcet; repeatable (all)."),
    ] = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="Only this issue; with --from-db, the tag.")
    ] = None,
    from_db: Annotated[
        bool, typer.Option("--from-db", help="Draft a scenario (YAML) from stored events.")
    ] = False,
    db: DbOption = Path(DEFAULT_DB),
    output: Annotated[
        Path | None, typer.Option("--output", help="With --from-db: write the YAML here.")
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws when inputs are ranges.")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed of the Monte Carlo.")] = 0,
    level: Annotated[float, typer.Option(help="Level of the interval.")] = 0.9,
    vp: Annotated[str, typer.Option(help="Condorcet victory model: linear, square, quartic, "
                                         "octic, binary.")] = "linear",
    pce: Annotated[str, typer.Option(help="Condorcet PCE: incentive, markov, conditional.")] = (
        "incentive"),
    rounds: Annotated[int, typer.Option(help="Expected-utility rounds at most.")] = 8,
    leverage: Annotated[bool, typer.Option(help="Each actor's leverage on the forecast.")] = True,
    move: Annotated[
        list[str] | None,
        typer.Option("--move", help="What if ACTOR moves toward OTHER: ACTOR=OTHER[:FRACTION]."),
    ] = None,
    output_format: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.table,
) -> None:
    """Forecast who gets what on an issue (four bargaining models), with leverage per actor."""
    from detente.analyse.forecast import forecast_cli
    from detente.present.forecast import forecast_renderables

    try:
        result, drafted = forecast_cli(
            scenario, models=model, issue=issue, from_db=from_db, db=db, output=output,
            draws=draws, seed=seed, level=level, vp=vp, pce=pce, rounds=rounds,
            leverage=leverage, moves=move)
    except DetenteError as exc:
        raise _fail(exc) from exc
    if result is None:  # a draft without --output: the YAML is the output
        sys.stdout.write(drafted or "")
        return
    if drafted:
        err.print(f"wrote the drafted scenario to {output}; edit it and run "
                  f"`detente forecast {output}`")
    if output_format is ReportFormat.json:
        _print_json(result)
        return
    for renderable in forecast_renderables(result):
        out.print(renderable)


@app.command()
def report(
    html: Annotated[Path, typer.Option("--html", help="Where to write the HTML page.")],
    db: DbOption = Path(DEFAULT_DB),
    dyad_option: Annotated[
        tuple[str, str] | None,
        typer.Option("--dyad", help="The dyad to report on (default: the most active)."),
    ] = None,
    by: Annotated[Period, typer.Option("--by", help="Period of the series.")] = Period.month,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="Add a bargaining forecast of this file.")
    ] = None,
    overwrite: OverwriteOption = False,
) -> None:
    """Write a standalone HTML report (works offline) with charts and the evidence."""
    from detente.present.report import render_report

    _check_window(since, until)
    _check_output(html, overwrite)
    pair = (dyad_option[0], dyad_option[1]) if dyad_option else None
    forecast_result = None
    if scenario is not None:
        from detente.analyse.forecast import forecast_file

        try:
            forecast_result = forecast_file(scenario)
        except DetenteError as exc:
            raise _fail(exc) from exc
    with _open_relations(db) as relations:
        try:
            written = render_report(relations.store, html, pair, by=by.value, since=since,
                                    until=until, forecast=forecast_result)
        except DetenteError as exc:
            raise _fail(exc) from exc
        except OSError as exc:
            raise _write_failed(html, exc) from exc
    err.print(f"wrote {written}", highlight=False)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON lines: id, text, date, expected).")],
    output_format: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.table,
    limit: Annotated[int | None, typer.Option(help="Only the first N records.")] = None,
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor table (YAML); repeatable.")
    ] = None,
    modalities: Annotated[
        str,
        typer.Option("--modalities", help="Modalities counted as predictions (comma-separated)."),
    ] = "",
    details: Annotated[
        bool, typer.Option("--details", help="With --format json: every miss and spurious event.")
    ] = False,
    verbs: Annotated[
        list[Path] | None,
        typer.Option("--verbs", help="Extra verb lexicon (our YAML or a PETRARCH verb "
                                     "dictionary); repeatable."),
    ] = None,
) -> None:
    """Precision, recall and F1 against gold records, by level (root, code, PLOVER, class).

    Gold whose events carry their sentences (whole articles) is scored event by event within
    each article; `--modalities` then defaults to every modality.
    """
    from rich.table import Table

    from detente.evaluate import evaluate_file
    from detente.evaluate_articles import is_article_gold
    from detente.pipeline import Coder
    from detente.records import MODALITIES

    if not gold.is_file():
        err.print(f"[red]error[/] {gold}: no such gold file")
        raise typer.Exit(EXIT_USAGE)
    counted = {m.strip() for m in modalities.split(",") if m.strip()}
    if not counted <= set(MODALITIES):
        err.print(f"[red]error[/] --modalities takes some of {', '.join(MODALITIES)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        if is_article_gold(gold):
            _evaluate_articles(gold, output_format, limit, actors, counted, details, verbs)
            return
        result = evaluate_file(gold, limit=limit, modalities=counted or SENTENCE_MODALITIES,
                               coder=Coder(actor_files=tuple(actors or ()),
                                           verb_files=tuple(verbs or ())))
    except DetenteError as exc:
        raise _fail(exc, EXIT_USAGE) from exc
    if output_format is ReportFormat.json:
        _print_json(result.to_dict())
        return
    table = Table(title=f"{gold}: {result.records} records, {result.gold_events} gold events, "
                        f"{result.predicted_events} predicted", title_justify="left")
    for column in ("level", "precision", "recall", "F1 / accuracy", "counts"):
        table.add_column(column, justify="left" if column in ("level", "counts") else "right")
    for row in result.table_rows():
        table.add_row(*row)
    out.print(table)
    categories = result.error_categories()
    if categories:
        out.print("errors: " + ", ".join(f"{k} {v}" for k, v in categories.items()),
                  highlight=False, soft_wrap=True)


# Sentence-level gold counts asserted and reported events: the others did not happen.
SENTENCE_MODALITIES = frozenset({"asserted", "reported"})


def _evaluate_articles(
    gold: Path,
    output_format: ReportFormat,
    limit: int | None,
    actors: list[Path] | None,
    modalities: set[str],
    details: bool,
    verbs: list[Path] | None = None,
) -> None:
    """`detente eval` on whole-article gold: event-by-event matching within each article."""
    from rich.table import Table

    from detente.evaluate_articles import evaluate_articles
    from detente.pipeline import Coder

    result = evaluate_articles(gold, limit=limit, modalities=modalities or None,
                               coder=Coder(actor_files=tuple(actors or ()),
                                           verb_files=tuple(verbs or ())))  # fmt: skip
    if output_format is ReportFormat.json:
        _print_json(result.to_dict(details=details))
        return
    table = Table(title=f"{gold}: {result.articles} articles, {result.gold_events} gold events, "
                        f"{result.output_events} output events", title_justify="left")
    for column in ("level", "precision", "recall", "F1 / rate", "counts"):
        table.add_column(column, justify="left" if column in ("level", "counts") else "right")
    for row in result.table_rows():
        table.add_row(*row)
    out.print(table)
    roots = Table(title="recall by gold root", title_justify="left")
    for column in ("root", "found", "gold", "recall"):
        roots.add_column(column, justify="right")
    for root, (found, total) in sorted(result.recall_by_root.items()):
        roots.add_row(root, str(found), str(total), f"{found / total:.2f}")
    out.print(roots)
    for title, counts in (("gold events missed", result.missed_by_category),
                          ("output events matching nothing", result.spurious_by_category)):
        out.print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()),
                  highlight=False, soft_wrap=True)


@app.command(name="import")
def import_events(
    dataset: Annotated[str, typer.Argument(help="gdelt, icews or polecat.")],
    files: Annotated[
        list[Path], typer.Argument(help="Export files (.csv, .tsv, .tab, .txt; .gz or .zip).")
    ],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Import GDELT, ICEWS or POLECAT event exports into the store."""
    from detente.importers import import_file, importers

    names = [importer.name for importer in importers()]
    if dataset.lower() not in names:
        err.print(f"[red]error[/] unknown dataset {dataset!r}; choose one of {', '.join(names)}")
        raise typer.Exit(EXIT_USAGE)
    failures = stored = 0
    try:
        with Store(db, hold=False) as store:
            for file in files:
                result = import_file(dataset.lower(), str(file), store)
                for failure in result.failures:
                    err.print(f"[red]failed[/] {failure}", highlight=False)
                failures += len(result.failures)
                stored += result.stored
                err.print(f"{file}: {result.read} events read, {result.stored} stored, "
                          f"{result.unchanged} unchanged, {len(result.failures)} failed rows")
    except DetenteError as exc:
        raise _fail(exc) from exc
    if failures:
        raise typer.Exit(EXIT_PARTIAL if stored else EXIT_NOTHING)


class ExportFormat(StrEnum):
    parquet = "parquet"
    gdelt = "gdelt"


@app.command()
def export(
    output_format: Annotated[
        ExportFormat, typer.Argument(help="parquet (partitioned by year/month) or gdelt (CSV).")
    ],
    target: Annotated[Path, typer.Argument(help="Folder (parquet) or file (gdelt).")],
    db: DbOption = Path(DEFAULT_DB),
    mentions: Annotated[
        bool, typer.Option("--mentions", help="Every mention, not merged events.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Replace an existing FILE, or an earlier Parquet export "
                                         "in DIR (refused otherwise)."),
    ] = False,
) -> None:
    """Export stored events: Parquet partitioned by year and month, or GDELT-style CSV."""
    from detente.importers.export import export_gdelt_csv, export_parquet

    table = "mentions" if mentions else "events"
    _check_output(target, overwrite, directory=output_format is ExportFormat.parquet)
    try:
        with Store(db, read_only=True) as store:
            if output_format is ExportFormat.parquet:
                rows = export_parquet(store, target, table=table, overwrite=overwrite)
            else:
                rows = export_gdelt_csv(store, target, table=table)
    except DetenteError as exc:
        raise _fail(exc) from exc
    except OSError as exc:
        raise _write_failed(target, exc) from exc
    err.print(f"wrote {rows} {table} to {target}", highlight=False)


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on (local only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.")] = 8765,
    get: Annotated[
        str | None,
        typer.Option("--get", help="Answer one request (e.g. /api/align) and print it; no server."),
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="Show a bargaining forecast of this file.")
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another name clients may use (a proxy's); repeatable."),
    ] = None,
) -> None:
    """Web dashboard and JSON API over the store (read-only; `analyze` may write meanwhile)."""
    from detente.web import App, is_loopback
    from detente.web import serve as make_server

    try:
        forecast_result = None
        if scenario is not None:
            from detente.analyse.forecast import forecast_file

            forecast_result = forecast_file(scenario)
        if get is not None:
            app_ = App(db, forecast=forecast_result)
            try:
                status, _type, body = app_.respond(get)
            finally:
                app_.close()
            sys.stdout.write(body.decode("utf-8") + "\n")
            raise typer.Exit(0 if status < 400 else EXIT_USAGE)
        server = make_server(db, host=host, port=port, allowed_hosts=allow_host or (),
                             forecast=forecast_result)  # fmt: skip
    except DetenteError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # port taken, address not on this machine
        err.print(f"[red]error[/] cannot listen on {host}:{port}: {exc.strerror or exc}",
                  highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    if not is_loopback(host):
        err.print(f"[yellow]warning[/] serving on {host}: the dashboard and its API, which have "
                  "no login, can be reached from other machines on the network", highlight=False)
    address = f"http://{host}:{server.server_port}/"
    err.print(f"serving {db} on {address} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.app.close()  # type: ignore[attr-defined]


class _ConsoleHandler(logging.Handler):
    """The library's warnings (a file a directory walk skipped, …) on stderr through the
    console, so they print above the progress display instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        from rich.markup import escape

        try:
            label = "[red]error[/]" if record.levelno >= logging.ERROR else "[yellow]warning[/]"
            err.print(f"{label} {escape(self.format(record))}", highlight=False, soft_wrap=True)
        except Exception:
            self.handleError(record)


def main() -> None:
    """Entry point of the `detente` console script."""
    logging.basicConfig(level=logging.WARNING, handlers=[_ConsoleHandler()],
                        format="%(message)s")
    app()


if __name__ == "__main__":
    main()
