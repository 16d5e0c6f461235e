"""Admin commands: migrate, users create, seed-demo, seed-bulk, bootstrap, attachments purge and sweep."""

import argparse
import sys
import time
from datetime import timedelta

from helpdesk_app import db, migrations, runtime
from helpdesk_app.config import get_settings
from helpdesk_app.db import new_session
from helpdesk_app.models import utcnow
from helpdesk_app.services.attachments import sweep as attachment_sweep
from helpdesk_app.services.attachments import deletion
from helpdesk_app.devtools import bulk_seed
from helpdesk_app.devtools import demo
from helpdesk_app.services.identity import users
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.storage import StorageError


def _print_logins(logins: list[demo.DemoLogin]) -> None:
    path = get_settings().data_dir / "demo-logins.txt"
    lines = [f"  {d.role:<9} {d.email:<24} {d.password}" for d in logins]
    text = "Demo logins (passwords generated for this install):\n" + "\n".join(lines) + "\n"
    print(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)
    print(f"(also saved to {path})")


def cmd_migrate(_args) -> int:
    migrations.upgrade()
    db.optimize()
    print("Database is up to date.")
    return 0


def cmd_users_create(args) -> int:
    with new_session() as session:
        user = users.register_user(session, email=args.email, name=args.name, password=args.password, role=args.role)
        print(f"Created {user.role.value} {user.email} (id {user.id}).")
    return 0


def cmd_seed_demo(_args) -> int:
    with new_session() as session:
        if demo.has_users(session):
            print("The database already has users; demo data is only added to an empty one.")
            return 1
        _print_logins(demo.seed_demo(session))
    return 0


def cmd_bootstrap(_args) -> int:
    """Migrate, and on first start fill an empty database with demo data."""
    migrations.upgrade()
    db.optimize()
    with new_session() as session:
        if not demo.has_users(session):
            _print_logins(demo.seed_demo(session))
    return 0


def cmd_seed_bulk(args) -> int:
    started = time.perf_counter()
    with new_session() as session:
        result = bulk_seed.seed_bulk(session, tickets=args.tickets, replies_per_ticket=args.replies_per_ticket)
    took = time.perf_counter() - started
    print(f"Inserted {result.tickets} tickets and {result.replies} replies in {took:.1f} s.")
    print(f"Bulk users share the password {result.password}")
    return 0


MAX_DURATION = timedelta(days=36500)  # a century: older than anything stored, and still a valid date


def _duration(text: str) -> timedelta:
    """An argparse type: 30d, 12h, 45m or 90s."""
    units = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    number, unit = text[:-1], text[-1:]
    if unit not in units or not number.isascii() or not number.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: use a number and a unit, like 30d, 12h or 45m")
    try:
        duration = timedelta(**{units[unit]: int(number)})
    except OverflowError:
        duration = None
    if duration is None or duration > MAX_DURATION:
        raise argparse.ArgumentTypeError(f"{text!r}: use at most {MAX_DURATION.days}d")
    return duration


def cmd_attachments_purge(args) -> int:
    """Remove the stored bytes of attachments deleted longer ago than the retention period."""
    with new_session() as session:
        purged, failed = deletion.purge_deleted(session, runtime.get_storage(),
                                                   deleted_before=utcnow() - args.older_than)
    print(f"Purged the files of {purged} deleted attachments." + (f" {failed} could not be removed "
          "(storage unavailable); run again later." if failed else ""))
    return 1 if failed else 0


def _many(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


def cmd_attachments_sweep(args) -> int:
    """Remove stored bytes no attachment refers to: what a crash between writing and recording left."""
    try:
        with new_session() as session:
            older_than = args.older_than or max(timedelta(days=1), attachment_sweep.min_age())
            result = attachment_sweep.sweep_orphans(session, runtime.get_storage(), older_than=older_than)
    except StorageError as e:
        print(f"The sweep stopped: {e}. Run it again later.", file=sys.stderr)
        return 1
    failed = f" {result.failed} could not be removed (storage unavailable); run again later." if result.failed else ""
    print(f"Removed {_many(result.orphans, 'stored file')} no attachment refers to and "
          f"{_many(result.partial, 'unfinished write')}.{failed}")
    return 1 if result.failed else 0


def _count(minimum: int):
    """An argparse type: a whole number >= minimum (a negative count would rewind ticket numbers)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"use {minimum} or more")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpdesk_app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("bootstrap", help="migrate; add demo data to an empty database").set_defaults(func=cmd_bootstrap)
    sub.add_parser("seed-demo", help="add demo users and tickets to an empty database").set_defaults(func=cmd_seed_demo)
    bulk = sub.add_parser("seed-bulk", help="insert many tickets and replies for benchmarks")
    bulk.add_argument("--tickets", type=_count(1), required=True)
    bulk.add_argument("--replies-per-ticket", type=_count(0), default=10)
    bulk.set_defaults(func=cmd_seed_bulk)
    files_cmd = sub.add_parser("attachments", help="manage attachments").add_subparsers(
        dest="attachments_command", required=True)
    purge = files_cmd.add_parser("purge", help="remove the bytes of attachments deleted long enough ago")
    purge.add_argument("--older-than", type=_duration, default=timedelta(days=30), help="e.g. 30d (the default)")
    purge.set_defaults(func=cmd_attachments_purge)
    sweep = files_cmd.add_parser("sweep", help="remove stored files no attachment refers to (left by a crash)")
    sweep.add_argument("--older-than", type=_duration,
                       help="only files untouched this long: at least HELPDESK_UPLOAD_MAX_SECONDS plus 1h "
                            "(3h by default); default 1d, or that minimum if longer")
    sweep.set_defaults(func=cmd_attachments_sweep)
    user_cmd = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command", required=True)
    create = user_cmd.add_parser("create", help="create a user")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=["admin", "agent", "customer"])
    create.add_argument("--password", required=True)
    create.set_defaults(func=cmd_users_create)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DomainError as e:
        fields = getattr(e, "fields", None)
        for name, message in (fields or {"error": e.message}).items():
            print(f"{name}: {message}", file=sys.stderr)
        return 2
    except Exception as e:  # a clear line instead of a traceback
        print(f"error: {e.__class__.__name__}: {e}", file=sys.stderr)
        return 1
