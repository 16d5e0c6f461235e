"""Running an upload's use case in a worker thread while its files stream in, and the answers for
a body that never arrives whole (the client went away, or stalled)."""

from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from helpdesk_app import runtime
from helpdesk_app.services.attachments.streamed import Piece, in_worker_thread
from helpdesk_app.services.attachments.threaded import ThreadedFiles, UploadStalled


def services() -> dict:
    """The storage, scanner and limits every upload use case takes."""
    return {"storage": runtime.get_storage(), "scanner": runtime.get_scanner(), "limits": runtime.get_limits()}


def interrupted() -> JSONResponse:
    """A body cut short by the client (nobody to answer; the upload guard answers 413 if it cut it off)."""
    return JSONResponse({"detail": "The upload was interrupted; nothing was saved."}, status_code=400)


async def streamed(work: Callable[[ThreadedFiles], JSONResponse], pieces: AsyncIterator[Piece],
                   check: Callable[[], Awaitable[None]] | None = None) -> JSONResponse:
    """`work(files)` in a worker thread while the files' pieces are read (see in_worker_thread)."""
    try:
        return await in_worker_thread(work, pieces, run=run_in_threadpool, check=check)
    except ClientDisconnect:
        return interrupted()
    except UploadStalled as e:
        return JSONResponse({"detail": f"The upload stalled ({e}); nothing was saved."}, status_code=408,
                            headers={"Connection": "close"})
