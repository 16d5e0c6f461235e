"""Full-text search (services/search): the syntax, the index following each write, who finds what.
The same cases run on SQLite (FTS5) and PostgreSQL (tsvector) and must give the same answers."""

import pytest

from helpdesk_app.services.attachments.deletion import delete_attachment
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.identity import account_mail, links
from helpdesk_app.services.search.finding import search_tickets
from helpdesk_app.services.search.reindex import reindex
from helpdesk_app.services.search.snippets import as_html
from helpdesk_app.services.tickets.listing import list_tickets
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.views import counts, library
from tests.blobs import local_blobs


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


def _found(db, actor, q, **query) -> list[str]:
    page = search_tickets(db, actor=actor, q=q, query=TicketQuery(**query))
    return sorted(hit.ticket.subject for hit in page.items)


@pytest.fixture
def corpus(db, make_ticket, customer, other_customer, agent):
    printer = make_ticket(requester=customer, subject="Printer on fire", description="It smokes when I print.")
    invoice = make_ticket(requester=customer, subject="Invoice is wrong",
                          description="The invoice for November charges twice.")
    login = make_ticket(requester=other_customer, subject="Cannot log in",
                        description="The password reset e-mail never arrives.")
    replies.add_reply(db, actor=agent, ticket_id=invoice.id, body="We refunded the duplicate charge.")
    replies.add_reply(db, actor=agent, ticket_id=printer.id, body="Escalated: suspect the fuser unit.", internal=True)
    db.commit()
    return {"printer": printer, "invoice": invoice, "login": login}


def test_words_must_all_match_in_one_entry(db, agent, corpus):
    assert _found(db, agent, "invoice") == ["Invoice is wrong"]
    assert _found(db, agent, "INVOICE november") == ["Invoice is wrong"]
    assert _found(db, agent, "invoice password") == []


def test_phrase_exclusion_and_prefix(db, agent, corpus):
    assert _found(db, agent, '"charges twice"') == ["Invoice is wrong"]
    assert _found(db, agent, '"twice charges"') == []
    # The invoice's reply mentions it; the printer's note has "the".
    assert _found(db, agent, "the -refunded") == ["Cannot log in", "Printer on fire"]
    assert _found(db, agent, "pass*") == ["Cannot log in"]
    assert _found(db, agent, "e-mail") == ["Cannot log in"]  # split like the text: the phrase "e mail"


def test_replies_notes_files_and_the_requester_are_found(db, agent, corpus, attach):
    assert _found(db, agent, "refunded") == ["Invoice is wrong"]
    assert _found(db, agent, "fuser") == ["Printer on fire"]  # an internal note, for agents
    assert _found(db, agent, "chris") == ["Cannot log in"]  # the requester's name
    assert _found(db, agent, "carla example") == ["Invoice is wrong", "Printer on fire"]  # and address
    attach(agent, [("quarterly-report.pdf", b"%PDF-1.4 report")], ticket=corpus["invoice"])
    assert _found(db, agent, "quarterly") == ["Invoice is wrong"]


def test_a_customer_finds_only_their_own_tickets_and_never_a_note(db, customer, other_customer, corpus):
    assert _found(db, customer, "fuser") == []
    assert _found(db, customer, "printer") == ["Printer on fire"]
    assert _found(db, other_customer, "invoice") == []
    assert _found(db, other_customer, "cannot") == ["Cannot log in"]
    # Leaving out a word only a note holds leaves nothing out for a customer.
    assert _found(db, customer, "printer -fuser") == ["Printer on fire"]


def test_each_hit_says_where_it_matched_with_a_safe_snippet(db, agent, make_ticket, customer, corpus):
    page = search_tickets(db, actor=agent, q="refund*", query=TicketQuery())
    hit, = page.items
    assert (hit.part, hit.reply_number) == ("reply", 1)
    assert as_html(hit.segments) == "We <mark>refunded</mark> the duplicate charge."
    make_ticket(requester=customer, subject="<script>alert(1)</script> broken", description="x")
    hit, = search_tickets(db, actor=agent, q="alert", query=TicketQuery()).items
    assert hit.part == "subject"
    assert as_html(hit.segments) == "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; broken"


def test_filters_and_sorts_beside_the_words(db, agent, corpus):
    assert _found(db, agent, "the", status="open") == ["Invoice is wrong"]  # an agent replied
    assert _found(db, agent, "the", requester="chris") == ["Cannot log in"]
    by_number = search_tickets(db, actor=agent, q="the", query=TicketQuery(sort="-number")).items
    assert [h.ticket.subject for h in by_number] == ["Cannot log in", "Invoice is wrong", "Printer on fire"]


def test_the_index_follows_new_tickets_and_replies(db, agent, customer, make_ticket, corpus):
    assert _found(db, agent, "toner") == []
    make_ticket(requester=customer, subject="Out of toner", description="Empty.")
    replies.add_reply(db, actor=customer, ticket_id=corpus["printer"].id,
                      body="Still no toner here.")
    db.commit()
    assert _found(db, agent, "toner") == ["Out of toner", "Printer on fire"]


@pytest.mark.parametrize("q", ['"unbalanced quote', "NEAR(invoice", "invoice AND OR NOT", "invoice)*", "'; DROP",
                               "invoice:* & !x", "in*voice"])
def test_odd_queries_are_read_as_plain_words(db, agent, corpus, q):
    search_tickets(db, actor=agent, q=q, query=TicketQuery())  # never an error


@pytest.mark.parametrize("q, says", [("-", "Enter a word"), ("*", "Enter a word"), ("-invoice", "Add a word"),
                                     ("x" * 10_000, "at most"), (" ".join(["w"] * 30), "at most")])
def test_what_cannot_be_searched_says_what_to_change(db, agent, corpus, q, says):
    with pytest.raises(InvalidInput) as refused:
        search_tickets(db, actor=agent, q=q, query=TicketQuery())
    assert says in refused.value.fields["q"]


def test_a_deleted_file_is_no_longer_found_and_reindex_gives_the_same_answers(db, agent, corpus, attach):
    kept, = attach(agent, [("kept-manual.pdf", b"%PDF-1.4 a")], ticket=corpus["invoice"])
    gone, = attach(agent, [("gone-manual.pdf", b"%PDF-1.4 b")], ticket=corpus["login"])
    assert _found(db, agent, "manual") == ["Cannot log in", "Invoice is wrong"]
    delete_attachment(db, actor=agent, attachment_id=gone.id)
    before = {q: _found(db, agent, q) for q in ("manual", "the", "fuser", "carla", '"charges twice"')}
    assert before["manual"] == ["Invoice is wrong"]
    assert reindex(db) == 3 + 2 + 1  # tickets, replies and notes, files still there
    assert {q: _found(db, agent, q) for q in before} == before
    # And the index follows writes again afterwards (on SQLite its triggers were made anew).
    replies.add_reply(db, actor=agent, ticket_id=corpus["login"].id, body="Sent a new manual.")
    db.commit()
    assert _found(db, agent, "manual") == ["Cannot log in", "Invoice is wrong"]


def test_the_list_and_views_take_words_beside_their_filters(db, agent, corpus):
    page = list_tickets(db, actor=agent, query=TicketQuery(q="the", status="new", sort="number"))
    assert [t.subject for t in page.items] == ["Printer on fire", "Cannot log in"]
    library.create_view(db, actor=agent, name="Refunds", filter={"q": "refund*"})
    counted = {c.view.name: c.count for c in counts.view_counts(db, actor=agent)[0]}
    assert counted["Refunds"] == 1


def test_a_requester_who_changes_address_is_found_by_the_new_one(db, agent, customer, corpus):
    token = links.issue(db, user_id=customer.id, purpose=links.VERIFY, email="carla.new@elsewhere.org")
    db.commit()
    account_mail.confirm_email(db, token=token)
    assert _found(db, agent, "elsewhere") == ["Invoice is wrong", "Printer on fire"]
    assert _found(db, agent, "carla example") == []
    assert _found(db, agent, "fuser") == ["Printer on fire"]  # the rest of the index untouched
