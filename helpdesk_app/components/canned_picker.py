"""The composer's canned reply picker and what the browser does for it (state/canned_picker.py).

The script is compiled into the page (rx.call_function with a function: no eval, see state/login.py).
Run when the reply's textarea gets focus, it listens (once) on it: as it loses focus it leaves the
cursor's position in a hidden field, whose change reaches the state; Ctrl+Shift+K presses the
picker's button.
"""

import json

import reflex as rx

from helpdesk_app.state.canned_picker import PICKER_SEARCH, REPLY_BODY
from helpdesk_app.state.display import CannedRow
from helpdesk_app.state.ticket_detail import TicketDetailState

CURSOR_FIELD = "reply-cursor"
OPEN_BUTTON = "canned-open"

_WATCH_COMPOSER = """() => {
  const body = document.getElementById(%(body)s);
  if (!body || body.dataset.cannedWatch) return;
  body.dataset.cannedWatch = "1";
  const leaveCursor = () => {
    const field = document.getElementById(%(cursor)s);
    if (!field) return;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setValue.call(field, String(body.selectionStart));
    field.dispatchEvent(new Event("input", {bubbles: true}));
  };
  body.addEventListener("blur", leaveCursor);
  body.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "k") {
      e.preventDefault();
      const button = document.getElementById(%(button)s);
      if (button) { leaveCursor(); button.click(); }
    }
  });
}"""

S = TicketDetailState


def watch_composer() -> rx.event.EventSpec:
    ids = {"body": json.dumps(REPLY_BODY), "cursor": json.dumps(CURSOR_FIELD), "button": json.dumps(OPEN_BUTTON)}
    return rx.call_function(rx.Var(_WATCH_COMPOSER % ids))


def cursor_field() -> rx.Component:
    return rx.el.input(id=CURSOR_FIELD, type="text", on_change=S.set_reply_cursor, tab_index=-1, aria_hidden="true",
                       style={"display": "none"})


def open_button() -> rx.Component:
    return rx.button(rx.icon("message-square-quote", size=14), "Canned reply", type="button", variant="soft",
                     color_scheme="gray", size="1", id=OPEN_BUTTON, on_click=S.open_picker,
                     title="Insert a canned reply (Ctrl+Shift+K, or type ::)")


def _option(row: CannedRow, index) -> rx.Component:
    return rx.el.li(
        rx.text(row.title, weight="medium", size="2"),
        rx.text(row.excerpt, size="1", color_scheme="gray", class_name="canned-option-excerpt"),
        role="option", aria_selected=(index == S.picker_active).to_string(),
        class_name=rx.cond(index == S.picker_active, "canned-option canned-option-active", "canned-option"),
        on_click=S.insert_canned(index),
        id="canned-option-" + index.to_string(),
    )


def canned_picker() -> rx.Component:
    active = S.picker_rows[S.picker_active]
    return rx.cond(S.picker_open, rx.card(
        rx.vstack(
            rx.hstack(
                rx.input(id=PICKER_SEARCH, placeholder="Search canned replies…", value=S.picker_q,
                         on_change=S.picker_search.debounce(150), on_key_down=S.picker_key, width="100%",
                         aria_controls="canned-options", aria_label="Search canned replies", auto_complete="off"),
                rx.button("Close", type="button", variant="ghost", size="1", on_click=S.close_picker),
                width="100%", align="center",
            ),
            rx.cond(
                S.picker_rows.length() > 0,
                rx.grid(
                    rx.el.ul(rx.foreach(S.picker_rows, _option), id="canned-options", role="listbox",
                             class_name="canned-options"),
                    rx.box(rx.text("Preview for this ticket", size="1", color_scheme="gray"),
                           rx.text(active.preview, white_space="pre-wrap", size="2", class_name="thread-body"),
                           id="canned-picker-preview", class_name="canned-preview"),
                    columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%",
                ),
                rx.text("No canned reply matches. Write them on the Canned replies page.", size="2",
                        color_scheme="gray"),
            ),
            rx.text("↑ ↓ to choose, Enter to insert, Esc to close.", size="1", color_scheme="gray"),
            spacing="2", width="100%",
        ),
        width="100%", id="canned-picker",
    ))
