"""Asking the server again every so often: a hidden button the page presses on a timer.

Compiled into the page (no eval), started once per tab and button. Asking from the tab works on
whichever app worker the tab's websocket reaches, with or without Redis.
"""

import json

import reflex as rx

_START = """() => {
  const key = "__helpdeskPoll_" + %(button)s;
  if (window[key]) return;
  window[key] = window.setInterval(() => {
    const button = document.getElementById(%(button)s);
    if (button) button.click();
  }, %(every)d);
}"""


def start_polling(button_id: str, every_ms: int) -> rx.event.EventSpec:
    return rx.call_function(rx.Var(_START % {"button": json.dumps(button_id), "every": every_ms}))


def poll_button(button_id: str, on_click) -> rx.Component:
    return rx.el.button(on_click=on_click, id=button_id, type="button", tab_index=-1, aria_hidden="true",
                        style={"display": "none"})
