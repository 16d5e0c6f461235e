"""The views beside the list: counts, opening one, saving the list as one, renaming, the default."""

from asyncio import run

from helpdesk_app.state.ticket_views import ViewsState
from tests.state.conftest import redirect_target


def test_an_agent_opens_saves_renames_and_defaults_views(page_state, make_ticket, agent, customer):
    make_ticket(requester=customer, subject="Open one", status="open")
    state = page_state(ViewsState, agent, "/tickets?status=open&requester=carla")
    run(state.load())
    run(state.load_views())
    assert [v.name for v in state.views][:2] == ["My open tickets", "Unassigned"]
    assert {v.name: v.count for v in state.views}["All open"] == "1"
    state.open_save(True)
    state.set_save_name("Carla's open")
    target = redirect_target(run(state.save_view()))
    mine = next(v for v in state.views if v.name == "Carla's open")
    assert target == f"/tickets?view={mine.id}&status=open&requester=carla"
    assert (state.save_open, state.current_view_name, state.current_view_editable) == (False, "Carla's open", True)
    state.open_rename(mine.id, mine.name)
    state.set_rename_name("Carla")
    run(state.save_rename())
    assert state.rename_id == 0 and "Carla" in [v.name for v in state.views]
    run(state.make_default(mine.id))
    assert next(v for v in state.views if v.id == mine.id).is_default
    builtin = state.views[2]
    opened = redirect_target(run(state.choose_view(builtin.id)))
    assert opened == f"/tickets?view={builtin.id}&status=new%2Copen%2Cpending"


def test_a_name_that_will_not_do_is_said_in_the_dialog(page_state, agent):
    state = page_state(ViewsState, agent, "/tickets")
    run(state.load_views())
    state.open_save(True)
    state.set_save_name("   ")
    assert run(state.save_view()) is None
    assert state.save_open and state.save_error == "Enter a name."
