"""A drop zone with the chosen files, a progress bar per file, cancel, and the reasons for refusals."""

from typing import Any

import reflex as rx
from reflex.vars.base import Var
from reflex_components_core.core.upload import get_upload_files_context_var_data

from helpdesk_app import runtime
from helpdesk_app.services.attachments import rules

# The same wording as attachment_messages.human_size, so browser and server agree.
_HUMAN = ("(s) => { let v = s, u = 0; const units = ['B', 'KB', 'MB', 'GB']; "
          "while (v >= 1024 && u < 3) { v /= 1024; u++; } "
          "return u === 0 ? s + ' B' : v.toFixed(1).replace(/\\.0$/, '') + ' ' + units[u]; }")


def chosen_files(upload_id: str) -> Var:
    """The files held in the browser for this drop zone, with each one's byte offset in the request."""
    return Var(
        _js_expr=(
            f"(filesById[{upload_id!r}] ?? []).reduce((acc, f) => {{ acc.list.push({{name: f.name, size: f.size, "
            f"label: ({_HUMAN})(f.size), offset: acc.offset}}); acc.offset += f.size; return acc; }}, "
            "{list: [], offset: 0}).list"
        ),
        _var_type=list[dict[str, Any]],
        _var_data=get_upload_files_context_var_data(),
    )


def _refusals(rejected: Var) -> Var:
    """Only the names and reasons go to the server; the refused files' bytes stay in the browser."""
    return Var(
        _js_expr=f"({rejected!s}).map((r) => ({{name: r.file.name, size: r.file.size, "
                 "codes: r.errors.map((e) => e.code)}))",
        _var_type=list[dict[str, Any]],
    )


def _file_row(f: Var, state) -> rx.Component:
    done = (state.upload_loaded - f["offset"].to(int)) * 100 / f["size"].to(int)
    return rx.hstack(
        rx.icon("file", size=16, color="var(--gray-10)"),
        rx.text(f["name"].to(str), size="2", weight="medium", class_name="chosen-file-name",
                overflow="hidden", text_overflow="ellipsis", white_space="nowrap", max_width="60%"),
        rx.text(f["label"].to(str), size="1", color_scheme="gray"),
        rx.spacer(),
        rx.cond(
            state.uploading,
            rx.progress(value=rx.cond(done < 0, 0, rx.cond(done > 100, 100, done)), max=100, width="8rem",
                        class_name="file-progress", aria_label="Upload progress of " + f["name"].to(str)),
        ),
        width="100%",
        align="center",
        class_name="chosen-file",
    )


def upload_spec(upload_id: str, state):
    """The upload event for a streaming handler (`chunks: rx.UploadChunkIterator`): the zone's files,
    with progress reported to the state."""
    return rx.upload_files_chunk(upload_id=upload_id, on_upload_progress=lambda p: state.upload_progress(p, upload_id))


def _zone_text(compact: bool) -> rx.Component:
    limits = runtime.get_limits()
    hint = f"Up to {limits.max_file_bytes // 1048576} MB each · {rules.ALLOWED_SUMMARY}"
    if compact:
        return rx.hstack(rx.icon("paperclip", size=16, color="var(--accent-9)"),
                         rx.text("Attach files: drop them here or ", rx.text.strong("browse"), size="2", title=hint),
                         align="center", spacing="2")
    return rx.vstack(
        rx.icon("upload", size=22, color="var(--accent-9)"),
        rx.text("Drop files here, or ", rx.text.strong("click to browse"), size="2"),
        rx.text(hint, size="1", color_scheme="gray", text_align="center"),
        align="center",
        spacing="1",
    )


def uploader(upload_id: str, state, on_drop=None, compact: bool = False, label: str = "Attach files") -> rx.Component:
    """`on_drop` uploads at once; without it the files wait in the browser for the form's submit.
    `label` names the zone for screen readers (a page with two zones says which is which)."""
    limits = runtime.get_limits()
    return rx.vstack(
        rx.upload(
            _zone_text(compact),
            id=upload_id,
            multiple=True,
            accept=rules.DROPZONE_ACCEPT,
            max_size=limits.max_file_bytes,
            on_drop=on_drop,
            on_drop_rejected=lambda rejected: state.files_rejected(_refusals(rejected), upload_id),
            border="2px dashed var(--gray-a7)",
            border_radius="var(--radius-3)",
            padding="0.5rem 0.75rem" if compact else "1rem",
            width="100%",
            cursor="pointer",
            drag_active_style={"border_color": "var(--accent-9)", "background": "var(--accent-a2)"},
            class_name="drop-zone",
            aria_label=label,
        ),
        rx.foreach(chosen_files(upload_id), lambda f: _file_row(f, state)) if on_drop is None else rx.fragment(),
        rx.cond(
            (rx.selected_files(upload_id).length() > 0) | state.uploading,
            rx.hstack(
                rx.cond(state.uploading,
                        rx.button("Cancel upload", variant="soft", color_scheme="red", size="1", type="button",
                                  on_click=[rx.cancel_upload(upload_id), state.upload_cancelled],
                                  class_name="cancel-upload"),
                        rx.button("Remove files", variant="ghost", size="1", type="button",
                                  on_click=rx.clear_selected_files(upload_id))),
            ),
        ),
        # A server cannot clear the browser's selection itself without eval (rx.clear_selected_files
        # sent from a handler is a script): it names the zone and a new nonce, this remounts, and its
        # compiled on_mount clears it.
        rx.cond(
            state.files_cleared_zone == upload_id,
            rx.el.span(key=state.files_cleared_nonce, on_mount=rx.clear_selected_files(upload_id), hidden=True),
        ),
        rx.cond(
            state.upload_zone == upload_id,
            rx.fragment(
                rx.foreach(state.rejected, lambda m: rx.text(m, color_scheme="red", size="2", role="alert",
                                                               class_name="file-error")),
                rx.foreach(state.upload_errors, lambda m: rx.text(m, color_scheme="red", size="2", role="alert",
                                                                    class_name="file-error")),
            ),
        ),
        spacing="2",
        width="100%",
    )
