"""The command line: build, list and validate (heavy libraries are imported only when needed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="child-safety-stats: traceable statistics and charts on children's safety online.",
    )
    parser.add_argument("--data", type=Path, default=paths.DATAPACKAGE,
                        help="data package descriptor (default: the shipped datasets/public)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="validate the data and render every figure")
    build.add_argument("--out", type=Path, default=paths.FIGURES, help="output folder")
    build.add_argument("--only", nargs="+", metavar="ID", help="build only these figure ids")
    build.add_argument("--lang", nargs="+", metavar="LANG", choices=("en", "es", "pt", "fr"),
                       help="render only these languages (default: en es pt fr)")
    build.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    build.add_argument("-j", "--jobs", type=int, default=None,
                       help="worker processes (default: the number of cores)")
    build.add_argument("--force", action="store_true",
                       help="rebuild every output, even those whose inputs did not change")

    sub.add_parser("list", help="list the registered figures")
    claims = sub.add_parser("claims", help="audit the statistics campaigns quote")
    claims.add_argument("--format", choices=("table", "md", "csv", "json"), default="table",
                        help="output format (default: an aligned text table)")
    cards = sub.add_parser("cards", help="stat cards for verified claims and the world's key facts; with country "
                                         "codes or --all, those countries' key-fact cards")
    cards.add_argument("countries", nargs="*", metavar="ISO3", help="country codes, e.g. ARG FRA (key-fact cards)")
    cards.add_argument("--all", action="store_true", help="key-fact cards of every country with a fact")
    cards.add_argument("--out", type=Path, default=None,
                       help="figures folder (cards go in its cards/); for countries the folder of per-country "
                            "folders (default: cards/)")
    cards.add_argument("--lang", nargs="+", metavar="LANG", choices=("en", "es", "pt", "fr"),
                       help="render only these languages (default: en es pt fr)")
    cards.add_argument("--no-progress", action="store_true", help="hide the progress bar (countries)")
    cards.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (countries)")
    sheet = sub.add_parser("factsheet", help="one-page PDF factsheet for a country (or --all countries)")
    sheet.add_argument("countries", nargs="*", metavar="ISO3", help="country codes, e.g. ARG FRA")
    sheet.add_argument("--all", action="store_true", help="every UN member state and every area in the data")
    sheet.add_argument("--lang", nargs="+", metavar="LANG", choices=("en", "es", "pt", "fr"), default=["en"],
                       help="languages (default: en)")
    sheet.add_argument("--out", type=Path, default=paths.FACTSHEETS, help="output folder (default: factsheets/)")
    sheet.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    sheet.add_argument("-j", "--jobs", type=int, default=None,
                       help="worker processes (default: the number of cores)")
    sub.add_parser("validate", help="check the data package; exit 1 on any problem")
    verify = sub.add_parser("verify", help="rebuild every output in a scratch folder and compare it with the manifest")
    verify.add_argument("--figures", type=Path, default=paths.FIGURES,
                        help="folder holding the manifests to check (default: figures/)")
    verify.add_argument("--only", nargs="+", metavar="ID", help="check only these figure ids (no cards)")
    verify.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: the cores)")
    verify.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    sheet_cmd = sub.add_parser("contact-sheet", help="one PNG grid of every built figure at one size, for review")
    sheet_cmd.add_argument("--size", choices=("report", "slide", "square", "story"), default="report")
    sheet_cmd.add_argument("--lang", choices=("en", "es", "pt", "fr"), default="en")
    sheet_cmd.add_argument("--figures", type=Path, default=paths.FIGURES, help="built figures (default: figures/)")
    sheet_cmd.add_argument("--out", type=Path, default=None,
                           help="the PNG to write (default: contact-sheets/<size>.<lang>.png)")
    dist = sub.add_parser("dist", help="zip the offline gallery with every figure, card and factsheet")
    dist.add_argument("--figures", type=Path, default=paths.FIGURES, help="built figures (default: figures/)")
    dist.add_argument("--factsheets", type=Path, default=paths.FACTSHEETS,
                      help="built factsheets (default: factsheets/)")
    dist.add_argument("--out", type=Path, default=paths.DIST, help="where the zip goes (default: dist/)")
    fetch = sub.add_parser("fetch", help="refresh a source's rows from its machine-readable upstream")
    fetch.add_argument("source", help="upstream name (see `fetch --list`)", nargs="?")
    fetch.add_argument("--list", action="store_true", help="list the upstreams that can be refreshed")
    fetch.add_argument("--from", dest="from_path", type=Path, metavar="FILE",
                       help="parse a downloaded copy of the upstream response instead of fetching it")
    fetch.add_argument("--dry-run", action="store_true", help="show the changes without writing them")
    fetch.add_argument("--allow-removals", action="store_true",
                       help="accept a refresh that removes rows or changes more than 10%% of them (refused otherwise)")
    return parser


def cmd_build(args: argparse.Namespace) -> int:
    from analysis.build import build
    from analysis.catalog import Catalog

    manifest = build(Catalog(args.data), args.out, args.only, languages=args.lang,
                     progress=not args.no_progress,
                     jobs=args.jobs, force=args.force)
    stats = manifest["stats"]
    print(f"{len(manifest['figures'])} figure(s) in {args.out}: {stats['rendered']} output set(s) "
          f"rendered, {stats['skipped']} unchanged")
    for name in stats["removed"]:
        print(f"removed {name}: no registered figure produces it")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from analysis.figures.registry import all_recipes

    for recipe in all_recipes().values():
        print(f"{recipe.id:32} {recipe.topic:14} {recipe.title}")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from analysis.catalog import Catalog
    from analysis.claims import audit, format_audit, load_frames

    sys.stdout.write(format_audit(audit(load_frames(Catalog(args.data))), args.format))
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from analysis.catalog import Catalog

    if args.countries or args.all:
        return _country_cards(args, Catalog(args.data))
    from analysis.cards import build_cards
    from analysis.gallery import write_gallery

    out = args.out or paths.FIGURES
    made, manifest = build_cards(Catalog(args.data), out, args.lang)
    for decision in made:
        if decision.made:
            print(f"{decision.claim_id}  card     {decision.short_label}")
        else:
            print(f"{decision.claim_id}  no card  {decision.short_label}: {decision.reason}")
    count = sum(d.made for d in made)
    facts = manifest.get("key_facts", [])
    for left in manifest.get("key_facts_left_out", []):
        print(f"{left['area']} {left['fact_id']}  no card: {left['reason']}")
    print(f"{count} card(s) of {len(made)} claims and {len(facts)} key-fact card(s) of the world in {out / 'cards'}; "
          "the gallery lists them")
    write_gallery(out)
    return 0


def _country_cards(args: argparse.Namespace, catalog: object) -> int:
    from analysis.fact_cards import build_country_cards
    from analysis.facts.register import fact_countries, load_frames
    from analysis.factsheet import factsheet_state
    from analysis.i18n import LANGUAGES

    if args.all == bool(args.countries):
        print("error: name one or more countries (e.g. ARG) or give --all, not both", file=sys.stderr)
        return 2
    codes = fact_countries(load_frames(catalog)) if args.all else [c.upper() for c in args.countries]
    for code in codes:
        factsheet_state(code)  # an unknown code fails before any work starts, with its message
    out = args.out or paths.COUNTRY_CARDS
    done = build_country_cards(codes, list(args.lang or LANGUAGES), catalog, out, progress=not args.no_progress,
                               jobs=args.jobs)
    for code, (written, left_out) in done.items():
        if not args.all or left_out:
            print(f"{code}: {written} card image(s)")
            for line in filter(None, left_out.splitlines()):
                print(f"  {line}")
    total = sum(written for written, _left in done.values())
    print(f"{total} key-fact card image(s) for {len(done)} countr{'y' if len(done) == 1 else 'ies'} in {out}")
    return 0


def cmd_factsheet(args: argparse.Namespace) -> int:
    from analysis.catalog import Catalog
    from analysis.factsheet import build_factsheets, factsheet_countries, load_frames

    catalog = Catalog(args.data)
    if args.all == bool(args.countries):
        print("error: name one or more countries (e.g. ARG) or give --all, not both", file=sys.stderr)
        return 2
    codes = factsheet_countries(load_frames(catalog)) if args.all else [c.upper() for c in args.countries]
    written = build_factsheets(codes, args.lang, catalog, args.out, progress=not args.no_progress, jobs=args.jobs)
    if len(written) == 1:
        print(f"wrote {written[0]}")
    else:
        print(f"wrote {len(written)} factsheet(s) to {args.out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from analysis.catalog import Catalog

    catalog = Catalog(args.data)
    problems = catalog.validate()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found in {args.data}", file=sys.stderr)
        return 1
    print(f"OK: {args.data} is valid ({len(catalog.names())} resources)")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from analysis.refresh import format_diff, obtain, refresh, upstreams

    known = upstreams()
    if args.list or not args.source:
        for upstream in known.values():
            print(f"{upstream.name:20} {upstream.source_id:28} {upstream.description}")
        if not args.list:
            print("error: name the upstream to refresh (one of the above), or give --list", file=sys.stderr)
        return 0 if args.list else 2
    if args.source not in known:
        print(f"error: no upstream '{args.source}'; known: {', '.join(known)}", file=sys.stderr)
        return 2
    upstream = known[args.source]
    content, origin = obtain(upstream, args.from_path)
    result = refresh(upstream, content, origin, package_path=args.data, dry_run=args.dry_run,
                     allow_removals=args.allow_removals)
    print(f"{upstream.name}: {result.rows} rows parsed from {origin} (sha256 {result.sha256[:12]}...)")
    print(format_diff(result.diff, upstream.key, upstream.value_columns))
    if args.dry_run:
        if result.refused:
            print(f"without --allow-removals: {result.refused}")
        print("dry run: nothing written")
    else:
        kept = f"; previous {upstream.resource} kept at {result.previous}" if result.previous else ""
        print(f"wrote {upstream.resource} and the source's accessed date and checksum{kept}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from analysis.catalog import Catalog
    from analysis.verify import verify

    try:
        differences, tools = verify(args.figures, Catalog(args.data), args.only, args.jobs,
                                    progress=not args.no_progress)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for line in tools:
        print(f"tools: {line}")
    for difference in differences:
        print(difference)
    if differences:
        print(f"{len(differences)} output(s) differ from {args.figures / paths.MANIFEST_NAME}")
        return 1
    print(f"no difference: every output rebuilt matches {args.figures / paths.MANIFEST_NAME}")
    return 0


def cmd_dist(args: argparse.Namespace) -> int:
    from analysis.dist import write_dist

    target, count = write_dist(args.figures, args.factsheets, args.out)
    print(f"wrote {target} ({count} files): unzip it and open index.html")
    return 0


def cmd_contact_sheet(args: argparse.Namespace) -> int:
    from analysis.contact_sheet import ContactSheetError, write_contact_sheet

    try:
        target = write_contact_sheet(args.figures, args.size, args.lang, args.out)
    except ContactSheetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


COMMANDS = {"build": cmd_build, "list": cmd_list, "validate": cmd_validate, "claims": cmd_claims, "cards": cmd_cards,
            "factsheet": cmd_factsheet,
            "fetch": cmd_fetch, "verify": cmd_verify, "dist": cmd_dist,
            "contact-sheet": cmd_contact_sheet}


def main(argv: list[str] | None = None) -> int:
    """Run a command; bad arguments and failures end in a one-line error and a non-zero exit, not a traceback."""
    import os

    from analysis.cli_checks import ArgumentProblem, check_args, remove_empty_staging, remove_if_left_empty

    args = _parser().parse_args(argv)
    try:
        check_args(args)
    except ArgumentProblem as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    out = getattr(args, "out", None)
    made_out = out is not None and not Path(out).exists()
    code = 1
    try:
        code = _run(args)
        return code
    except Exception as err:  # noqa: BLE001 (no traceback for users; ANALYSIS_TRACEBACK=1 shows it)
        if os.environ.get("ANALYSIS_TRACEBACK"):
            raise
        print(f"error: {type(err).__name__}: {err} (unexpected: set ANALYSIS_TRACEBACK=1 to see where, and "
              "please report it)", file=sys.stderr)
        return 1
    finally:
        if out is not None:
            remove_empty_staging(out)
            if made_out and code != 0:  # a failed command leaves no folder it made
                remove_if_left_empty(out)


def _run(args: argparse.Namespace) -> int:
    from analysis.cards import CardBatchError, CardTextError
    from analysis.dist import DistError
    from analysis.fact_cards import FactCardBatchError
    from analysis.factsheet import FactsheetBatchError, UnknownFactsheetCountryError
    from analysis.figures.registry import UnknownFigureError
    from analysis.i18n import MissingTranslationError
    from analysis.locking import OutputFolderBusyError
    from analysis.refresh import UpstreamUnavailableError
    from analysis.refresh_safety import RefreshRefusedError
    from analysis.upstreams.base import UpstreamFormatError
    from analysis.validate import DataPackageError

    try:
        return COMMANDS[args.command](args)
    except DataPackageError as err:
        print(err, file=sys.stderr)
        return 1
    except (OutputFolderBusyError, DistError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except (CardTextError, MissingTranslationError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except UnknownFactsheetCountryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except UnknownFigureError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (UpstreamUnavailableError, UpstreamFormatError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except RefreshRefusedError as err:
        print(f"error: {err}", file=sys.stderr)
        return 4
    except (FactsheetBatchError, CardBatchError, FactCardBatchError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # an output that cannot be written, an input that cannot be read
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return 1
