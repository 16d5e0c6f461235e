"""Admin commands: migrate, users create, seed-demo, seed-bulk, bootstrap, attachments purge and sweep,
worker, outbox list and retry, mail list and retry, search reindex."""

import argparse
import sys

from helpdesk_app.cli import attachments, mail, outbox, search, setup
from helpdesk_app.services.common.errors import DomainError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpdesk_app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (setup, attachments, outbox, mail, search):
        module.add_commands(sub)
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
