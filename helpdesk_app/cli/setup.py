"""migrate, bootstrap, seed-demo, seed-bulk and users create."""

import time

from helpdesk_app import db, migrations
from helpdesk_app.cli import search
from helpdesk_app.cli.args import count
from helpdesk_app.config import get_settings
from helpdesk_app.devtools import bulk_seed, bulk_tags, demo
from helpdesk_app.services.identity import users


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
    with db.new_session() as session:
        user = users.register_user(session, email=args.email, name=args.name, password=args.password, role=args.role,
                                   verified=True)
        print(f"Created {user.role.value} {user.email} (id {user.id}).")
    return 0


def cmd_seed_demo(_args) -> int:
    with db.new_session() as session:
        if demo.has_users(session):
            print("The database already has users; demo data is only added to an empty one.")
            return 1
        _print_logins(demo.seed_demo(session))
    return 0


def cmd_bootstrap(_args) -> int:
    """Migrate, and on first start fill an empty database with demo data; build the search index on
    the upgrade that adds it (tickets there, no entries yet)."""
    migrations.upgrade()
    db.optimize()
    with db.new_session() as session:
        if not demo.has_users(session):
            _print_logins(demo.seed_demo(session))
    return search.rebuild(if_empty=True)


def cmd_seed_bulk(args) -> int:
    started = time.perf_counter()
    with db.new_session() as session:
        result = bulk_seed.seed_bulk(session, tickets=args.tickets, replies_per_ticket=args.replies_per_ticket)
    took = time.perf_counter() - started
    print(f"Inserted {result.tickets} tickets and {result.replies} replies in {took:.1f} s.")
    print(f"Bulk users share the password {result.password}")
    if args.tags or args.canned_replies:
        with db.new_session() as session:
            tagged = bulk_tags.seed_tags(session, tags=args.tags, canned=args.canned_replies)
        print(f"Inserted {tagged.tags} tags on {tagged.links} ticket-tag rows and {tagged.canned} canned replies.")
    return 0


def add_commands(sub) -> None:
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("bootstrap", help="migrate; add demo data to an empty database").set_defaults(func=cmd_bootstrap)
    sub.add_parser("seed-demo", help="add demo users and tickets to an empty database").set_defaults(func=cmd_seed_demo)
    bulk = sub.add_parser("seed-bulk", help="insert many tickets and replies for benchmarks")
    bulk.add_argument("--tickets", type=count(1), required=True)
    bulk.add_argument("--replies-per-ticket", type=count(0), default=10)
    bulk.add_argument("--tags", type=count(0), default=0, help="a catalogue of N tags, 0-5 on each ticket")
    bulk.add_argument("--canned-replies", type=count(0), default=0, help="N shared canned replies")
    bulk.set_defaults(func=cmd_seed_bulk)
    user_cmd = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command", required=True)
    create = user_cmd.add_parser("create", help="create a user")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=["admin", "agent", "customer"])
    create.add_argument("--password", required=True)
    create.set_defaults(func=cmd_users_create)
