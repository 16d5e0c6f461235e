"""Keys are relative paths of [A-Za-z0-9/_.-]: never a way out of the storage root."""

import pytest

from helpdesk_app.storage import validate_key

BAD_KEYS = [
    "", "/etc/passwd", "../outside", "tickets/../../outside", "tickets/./x", "..", ".", "tickets//x",
    "tickets/x/", "tickets\\x", "tickets/x y", "tickets/ü", "tickets/x\x00", ".hidden", "tickets/.tmp",
    "x" * 201, "/".join(["x" * 200] * 3),
]
GOOD_KEYS = ["a", "tickets/12/3f2a9c1e-0b7d-4a47-9d2b-1c7d9e0f2a11.pdf", "A-b_c.d/e.f..g/-x_",
             "x" * 200, "/".join(["y" * 200, "z" * 200])]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_every_operation_refuses_an_unsafe_key_before_touching_anything(backend, key):
    consumed = []

    def chunks():
        consumed.append(True)
        yield b"data"

    with pytest.raises(ValueError):
        backend.storage.save(key, chunks())
    for operation in (backend.storage.open, backend.storage.size, backend.storage.exists,
                      backend.storage.delete, backend.storage.local_path):
        with pytest.raises(ValueError):
            operation(key)
    assert consumed == []
    assert backend.leftovers() == []


@pytest.mark.parametrize("key", GOOD_KEYS)
def test_ordinary_keys_work_everywhere(backend, key):
    assert validate_key(key) == key
    backend.storage.save(key, [b"ok"])
    try:
        assert b"".join(backend.storage.open(key)) == b"ok"
    finally:
        backend.storage.delete(key)  # these keys are outside the test's prefix


def test_local_blobs_live_exactly_at_root_slash_key(tmp_path):
    from helpdesk_app.storage import LocalStorage

    storage = LocalStorage(tmp_path / "blobs")
    storage.save("tickets/7/abc", [b"hello"])

    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert files == ["blobs/tickets/7/abc"]
    assert storage.local_path("tickets/7/abc") == tmp_path / "blobs" / "tickets" / "7" / "abc"
