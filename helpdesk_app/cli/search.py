"""search reindex: rebuild the full-text index (make run does it once, on the upgrade that adds it)."""

import sys
import time

from helpdesk_app import db
from helpdesk_app.cli.args import many
from helpdesk_app.services.search import reindex


class _Bar:
    """A progress bar on stderr (a line per 10% when stderr is not a terminal, as in CI logs)."""

    def __init__(self, total: int):
        self.total, self.done, self.shown, self.tty = max(total, 1), 0, -1, sys.stderr.isatty()

    def __call__(self, rows: int) -> None:
        self.done += rows
        share = min(100, self.done * 100 // self.total)
        if self.tty:
            filled = share // 4
            print(f"\r[{'#' * filled}{'.' * (25 - filled)}] {share:3d}%  {self.done:,} rows", end="", file=sys.stderr)
        elif share // 10 > self.shown:
            self.shown = share // 10
            print(f"{share}%  {self.done:,} rows", file=sys.stderr)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def cmd_reindex(args) -> int:
    return rebuild(if_empty=args.if_empty)


def rebuild(*, if_empty: bool) -> int:
    with db.new_session() as session:
        if if_empty and (not reindex.is_empty(session) or reindex.total_rows(session) == 0):
            return 0
        bar = _Bar(reindex.total_rows(session))
        started = time.perf_counter()
        written = reindex.reindex(session, progress=bar)
        bar.close()
    print(f"Indexed {many(written, 'entry', 'entries')} in {time.perf_counter() - started:.1f} s.")
    return 0


def add_commands(sub) -> None:
    search = sub.add_parser("search", help="the full-text index")
    commands = search.add_subparsers(dest="search_command", required=True)
    rebuild = commands.add_parser("reindex", help="rebuild the index from every ticket, reply, note and file")
    rebuild.add_argument("--if-empty", action="store_true",
                         help="only when the index is empty and there is something to index (make run)")
    rebuild.set_defaults(func=cmd_reindex)
