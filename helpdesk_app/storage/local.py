"""Blobs as files under a root directory (the default backend)."""

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from concurrent import futures
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from helpdesk_app.storage.base import (
    BlobEntry, ChunkReader, StorageError, StoredBlob, immutable, is_key, validate_key, validate_range,
)
from helpdesk_app.storage.file_io import fsync_path, regular_files, write_all


@contextlib.contextmanager
def _backend(action: str):
    """OSError from the filesystem -> StorageError (FileExistsError stays: it is the caller's)."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as exc:
        raise StorageError(f"local storage: {action} failed: {exc}") from exc


# Writes a chunk while the saving thread hashes it (both let go of the GIL): hashing and writing
# took about as long as each other, one after the other. Not for small chunks (a small file's, or
# a large one's first MiB): handing them over cost more than the overlap saved (0.1-0.3 ms of a
# 1 MiB upload, with the client on the same two cores).
_WRITERS = futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="blob-write")
_OVERLAPPED_FROM = 512 * 1024


class LocalStorage:
    """Files under `root`, which must not be a publicly served directory.

    A save writes to a hidden temp file next to the final path (same filesystem, so the
    final step is atomic) and publishes it with os.link, which refuses to overwrite.
    Files are created 0600 (mkstemp): only the app's user reads them.

    fsync is on by default: the bytes must survive a power loss before the attachment row is
    committed, or the row would point at a truncated file. save(durable=False) leaves that to a
    later make_durable(), so an upload flushes all its files at once, each folder once, where
    they end up (a new ticket's are moved first).
    """

    def __init__(self, root: Path, *, fsync: bool = True):
        self.root = Path(root)
        self.fsync = fsync

    def save(self, key: str, chunks: Iterable[bytes], *, durable: bool = True) -> StoredBlob:
        final = self._path(key)
        with _backend("creating the file"):
            # The folder usually exists (a ticket's second file on): made only when it does not, and
            # an existing blob is found by the final link, which refuses it: two system calls fewer.
            try:
                fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
            except FileNotFoundError:
                final.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
        tmp, digest, size = Path(tmp_name), hashlib.sha256(), 0
        writing: futures.Future | None = None  # the write of the last chunk, while it is hashed here
        try:
            try:
                for chunk in chunks:  # exceptions raised by the iterator propagate unchanged
                    if writing is not None:
                        with _backend("writing"):
                            writing.result()
                        writing = None
                    chunk = immutable(chunk)  # a view of the request's bytes stays one; a buffer is copied
                    if len(chunk) < _OVERLAPPED_FROM:
                        with _backend("writing"):
                            write_all(fd, chunk, size if self.fsync else None)
                    else:
                        writing = _WRITERS.submit(write_all, fd, chunk, size if self.fsync else None)
                    digest.update(chunk)
                    size += len(chunk)
                if writing is not None:
                    with _backend("writing"):
                        writing.result()
                with _backend("fsync"):
                    if self.fsync and durable:
                        os.fsync(fd)
            except BaseException:
                if writing is not None:  # it must be done with the descriptor before it is closed
                    futures.wait([writing])
                with contextlib.suppress(OSError):  # must not mask the error that got us here
                    os.close(fd)
                raise
            with _backend("closing"):  # network filesystems report write errors here
                os.close(fd)
            self._publish(tmp, final, durable=durable)
        finally:
            with contextlib.suppress(OSError):  # once linked, the temp name is just a second name
                tmp.unlink(missing_ok=True)
        return StoredBlob(key=key, size=size, sha256=digest.hexdigest())

    def open(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        validate_range(start, end)
        path = self._path(key)
        try:
            f = open(path, "rb")  # ChunkReader closes it
        except OSError as exc:
            raise self._translate(exc, key) from exc
        try:
            with _backend("reading"):
                size = os.fstat(f.fileno()).st_size
                f.seek(start)
        except StorageError:
            f.close()
            raise
        last = size - 1 if end is None else min(end, size - 1)
        return ChunkReader(f.read, f.close, max(0, last - start + 1), errors=(OSError,))

    def move(self, key: str, new_key: str) -> None:
        source, final = self._path(key), self._path(new_key)
        if self._stat(key) is None:  # also a key prefix (a directory): not a blob
            raise FileNotFoundError(errno.ENOENT, "no such blob", key)
        with _backend("moving"):
            final.parent.mkdir(parents=True, exist_ok=True)
        self._publish(source, final)
        with contextlib.suppress(OSError):  # linked: the old name is just a second name now
            source.unlink()

    def size(self, key: str) -> int:
        st = self._stat(key)
        if st is None:
            raise FileNotFoundError(errno.ENOENT, "no such blob", key)
        return st.st_size

    def exists(self, key: str) -> bool:
        return self._stat(key) is not None

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            error = self._translate(exc, key)
            if not isinstance(error, FileNotFoundError):
                raise error from exc
        # Empty parent directories stay: removing them would race with a concurrent save.

    def prune(self, prefix: str) -> None:
        """Remove the folder `prefix` if it is empty. Only for a folder no other save can be using
        (a request's own staging folder): a concurrent save could find it gone."""
        with contextlib.suppress(OSError):
            os.rmdir(self._path(prefix))

    def blobs(self, prefix: str = "") -> Iterator[BlobEntry]:
        for path, name, st in regular_files(self._folder_of(prefix)):
            key = path.relative_to(self.root).as_posix()
            if not name.startswith(".") and key.startswith(prefix) and is_key(key):  # "." names: temp files
                yield BlobEntry(key, st.st_mtime)

    def remove_partial(self, prefix: str = "", *, modified_before: float,
                       of_keys: Callable[[str], bool] = lambda key: True) -> list[str]:
        """Temp files of saves that never finished: `.<name>.<random>.tmp` beside the key (see save)."""
        removed = []
        for path, name, st in list(regular_files(self._folder_of(prefix))):
            owner = name[1:-4].rpartition(".")[0] if name.startswith(".") and name.endswith(".tmp") else ""
            if not owner or st.st_mtime >= modified_before:  # not a temp file of ours, or too recent
                continue
            key = path.with_name(owner).relative_to(self.root).as_posix()
            if key.startswith(prefix) and of_keys(key):
                with _backend(f"removing {path}"):
                    path.unlink(missing_ok=True)
                removed.append(key)
        return removed

    def _folder_of(self, prefix: str) -> Path:
        """The folder holding every key that starts with `prefix` (where its last segment is)."""
        folder = prefix.rpartition("/")[0]
        return self.root / validate_key(folder) if folder else self.root

    def check(self) -> None:
        with _backend(f"writing to {self.root}"):
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=self.root, prefix=".check-")
            os.close(fd)
            os.unlink(probe)

    def local_path(self, key: str) -> Path | None:
        """Where the blob's file is (or would be), for zero-copy serving."""
        return self._path(key)

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    def _stat(self, key: str) -> os.stat_result | None:
        """The blob's stat, or None if there is no such regular file."""
        try:
            st = os.stat(self._path(key))
        except OSError as exc:
            error = self._translate(exc, key)
            if isinstance(error, FileNotFoundError):
                return None
            raise error from exc
        return st if stat.S_ISREG(st.st_mode) else None

    def _translate(self, exc: OSError, key: str) -> Exception:
        """FileNotFoundError when the blob is just missing, StorageError when the root is unusable."""
        missing = isinstance(exc, FileNotFoundError) or (
            isinstance(exc, (NotADirectoryError, IsADirectoryError)) and self.root.is_dir())
        if missing:
            return FileNotFoundError(errno.ENOENT, "no such blob", key)
        return StorageError(f"local storage failed: {exc}")

    def make_durable(self, keys: Iterable[str]) -> None:
        """Flush blobs saved with durable=False, and their directory entries, to disk."""
        if not self.fsync:
            return
        folders = set()
        for key in keys:
            path = self._path(key)
            with _backend(f"fsync of {key}"):
                fsync_path(path)
            folders.add(path.parent)
        for folder in folders:
            with _backend(f"fsync of {folder}"):
                fsync_path(folder)

    def _publish(self, tmp: Path, final: Path, *, durable: bool = True) -> None:
        """Give the finished temp file its final name: atomically, never over another blob.
        (Needs hard links, as every local Linux filesystem and NFS have.)"""
        with _backend("publishing"):
            os.link(tmp, final)
        if self.fsync and durable:  # persist the new directory entry too
            try:
                fsync_path(final.parent)
            except OSError as exc:
                final.unlink(missing_ok=True)  # the caller sees a failure: leave nothing behind
                raise StorageError(f"local storage: fsync of {final.parent} failed: {exc}") from exc
