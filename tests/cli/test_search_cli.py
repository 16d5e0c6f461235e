"""search reindex: rebuilds the index with a progress report; bootstrap builds it on the upgrade."""

from sqlalchemy import func, select

from helpdesk_app.models import SearchEntry


def _entries(cli) -> int:
    return cli.query(lambda s: s.execute(select(func.count()).select_from(SearchEntry)).scalar_one())


def test_reindex_builds_the_index_of_bulk_data_and_bootstrap_only_when_empty(migrated_cli):
    seeded = migrated_cli.run("seed-bulk", "--tickets", "30", "--replies-per-ticket", "2")
    assert seeded.returncode == 0, seeded.stderr
    assert _entries(migrated_cli) == 0  # bulk rows bypass the services, as an upgrade's old rows do
    boot = migrated_cli.run("bootstrap")  # an existing database: no demo data, but the index is built
    assert boot.returncode == 0, boot.stderr
    assert "Indexed 90 entries" in boot.stdout and _entries(migrated_cli) == 90
    assert "100%" in boot.stderr  # the progress report (a bar on a terminal)
    again = migrated_cli.run("bootstrap")
    assert again.returncode == 0 and "Indexed" not in again.stdout  # not empty: left alone
    rebuilt = migrated_cli.run("search", "reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Indexed 90 entries" in rebuilt.stdout and _entries(migrated_cli) == 90
