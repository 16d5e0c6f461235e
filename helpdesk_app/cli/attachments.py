"""attachments purge and attachments sweep."""

import sys
from datetime import timedelta

from helpdesk_app import db, runtime
from helpdesk_app.cli.args import duration, many
from helpdesk_app.models import utcnow
from helpdesk_app.services.attachments import deletion, sweep
from helpdesk_app.storage import StorageError


def cmd_purge(args) -> int:
    """Remove the stored bytes of attachments deleted longer ago than the retention period."""
    with db.new_session() as session:
        purged, failed = deletion.purge_deleted(session, runtime.get_storage(),
                                                deleted_before=utcnow() - args.older_than)
    print(f"Purged the files of {purged} deleted attachments." + (f" {failed} could not be removed "
          "(storage unavailable); run again later." if failed else ""))
    return 1 if failed else 0


def cmd_sweep(args) -> int:
    """Remove stored bytes no attachment refers to: what a crash between writing and recording left."""
    try:
        with db.new_session() as session:
            older_than = args.older_than or max(timedelta(days=1), sweep.min_age())
            result = sweep.sweep_orphans(session, runtime.get_storage(), older_than=older_than)
    except StorageError as e:
        print(f"The sweep stopped: {e}. Run it again later.", file=sys.stderr)
        return 1
    failed = f" {result.failed} could not be removed (storage unavailable); run again later." if result.failed else ""
    print(f"Removed {many(result.orphans, 'stored file')} no attachment refers to and "
          f"{many(result.partial, 'unfinished write')}.{failed}")
    return 1 if result.failed else 0


def add_commands(sub) -> None:
    files_cmd = sub.add_parser("attachments", help="manage attachments").add_subparsers(
        dest="attachments_command", required=True)
    purge = files_cmd.add_parser("purge", help="remove the bytes of attachments deleted long enough ago")
    purge.add_argument("--older-than", type=duration, default=timedelta(days=30), help="e.g. 30d (the default)")
    purge.set_defaults(func=cmd_purge)
    sweep_cmd = files_cmd.add_parser("sweep", help="remove stored files no attachment refers to (left by a crash)")
    sweep_cmd.add_argument("--older-than", type=duration,
                           help="only files untouched this long: at least HELPDESK_UPLOAD_MAX_SECONDS plus 1h "
                                "(3h by default); default 1d, or that minimum if longer")
    sweep_cmd.set_defaults(func=cmd_sweep)
