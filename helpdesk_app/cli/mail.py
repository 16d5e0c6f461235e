"""mail list and mail retry: the outgoing mail the worker sent, is retrying or gave up on."""

import sys

from helpdesk_app import db
from helpdesk_app.cli.args import count, many
from helpdesk_app.models import MailStatus
from helpdesk_app.services.mailing import admin


def cmd_list(args) -> int:
    with db.new_session() as session:
        counts = admin.mail_counts(session)
        rows = admin.mails(session, status=MailStatus(args.status) if args.status else None, limit=args.limit)
    print(", ".join(f"{status}: {number}" for status, number in counts.items()))
    for mail in rows:
        when = mail.created_at.strftime("%Y-%m-%d %H:%M:%S")
        line = (f"{mail.id:>8}  {mail.status.value:<7}  {when}  {mail.kind.value:<14}  {mail.to_address}"
                f"  attempts {mail.attempts}")
        if mail.ticket_id is not None:
            line += f"  ticket {mail.ticket_id}"
        print(line + (f"\n          last error: {mail.last_error}" if mail.last_error else ""))
    return 0


def cmd_retry(args) -> int:
    if not args.ids and not args.all_failed:
        print("Name the mails to retry, or --all-failed.", file=sys.stderr)
        return 2
    with db.new_session() as session:
        retried = admin.retry_mails(session, ids=None if args.all_failed else args.ids)
    print(f"{many(retried, 'failed mail', 'failed mails')} will be sent again (with the same Message-ID).")
    return 0


def add_commands(sub) -> None:
    mail = sub.add_parser("mail", help="outgoing mail: what was sent, is being retried or failed")
    commands = mail.add_subparsers(dest="mail_command", required=True)
    listing = commands.add_parser("list", help="counts by status, then the newest mails")
    listing.add_argument("--status", choices=[s.value for s in MailStatus])
    listing.add_argument("--limit", type=count(1), default=50)
    listing.set_defaults(func=cmd_list)
    retry = commands.add_parser("retry", help="send failed mails again")
    retry.add_argument("ids", nargs="*", type=count(1), help="mail ids (see mail list --status failed)")
    retry.add_argument("--all-failed", action="store_true")
    retry.set_defaults(func=cmd_retry)
