"""worker, outbox list and outbox retry: the background worker and what admins see of its work."""

import sys
import threading

from helpdesk_app import db
from helpdesk_app.cli.args import count, many
from helpdesk_app.models import OutboxStatus
from helpdesk_app.services.outbox import admin
from helpdesk_app.worker import run


def cmd_worker(args) -> int:
    try:
        if args.once:
            handled = run.run(threading.Event(), once=True)
            print(f"Delivered {many(handled, 'outbox entry', 'outbox entries')}.")
        else:
            run.run_until_signalled()
    except run.AlreadyRunning as e:
        print(f"The worker did not start: {e}.", file=sys.stderr)
        return 1
    return 0


def cmd_list(args) -> int:
    with db.new_session() as session:
        counts = admin.counts(session)
        rows = admin.entries(session, status=OutboxStatus(args.status) if args.status else None, limit=args.limit)
    print(", ".join(f"{status}: {number}" for status, number in counts.items()))
    for entry in rows:
        when = entry.created_at.strftime("%Y-%m-%d %H:%M:%S")
        line = f"{entry.id:>8}  {entry.status.value:<7}  {when}  {entry.event:<24}  attempts {entry.attempts}"
        if entry.ticket_id is not None:
            line += f"  ticket {entry.ticket_id}"
        print(line + (f"\n          last error: {entry.last_error}" if entry.last_error else ""))
    return 0


def cmd_retry(args) -> int:
    if not args.ids and not args.all_failed:
        print("Name the entries to retry, or --all-failed.", file=sys.stderr)
        return 2
    with db.new_session() as session:
        retried = admin.retry(session, ids=None if args.all_failed else args.ids)
    print(f"{many(retried, 'failed entry', 'failed entries')} will be delivered again.")
    return 0


def add_commands(sub) -> None:
    worker = sub.add_parser("worker", help="deliver the outbox's events to their consumers (make run starts it)")
    worker.add_argument("--once", action="store_true", help="deliver what is due now, then stop")
    worker.set_defaults(func=cmd_worker)
    outbox = sub.add_parser("outbox", help="what the background worker has delivered, is retrying or gave up on")
    commands = outbox.add_subparsers(dest="outbox_command", required=True)
    listing = commands.add_parser("list", help="counts by status, then the newest entries")
    listing.add_argument("--status", choices=[s.value for s in OutboxStatus])
    listing.add_argument("--limit", type=count(1), default=50)
    listing.set_defaults(func=cmd_list)
    retry = commands.add_parser("retry", help="deliver failed entries again")
    retry.add_argument("ids", nargs="*", type=count(1), help="entry ids (see outbox list --status failed)")
    retry.add_argument("--all-failed", action="store_true")
    retry.set_defaults(func=cmd_retry)
