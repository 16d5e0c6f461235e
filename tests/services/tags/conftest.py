import pytest

from helpdesk_app.models import Ticket


@pytest.fixture
def ticket(make_ticket, customer) -> Ticket:
    return make_ticket(requester=customer, subject="Invoice is wrong")
