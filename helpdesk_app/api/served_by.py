"""X-Served-By: which app process answered (host and process id), when HELPDESK_SERVED_BY_HEADER is on.

For running several app processes (make run WORKERS=4): it tells which one answered a request,
a websocket's handshake included. Off by default: it names the host to anyone who asks.
"""

import os
import socket


def add_served_by(app):
    value = f"{socket.gethostname()}:{os.getpid()}".encode()

    async def with_header(scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await app(scope, receive, send)

        async def send_with_header(message):
            if message["type"] in ("http.response.start", "websocket.accept"):
                message = {**message, "headers": [*message.get("headers", []), (b"x-served-by", value)]}
            await send(message)
        await app(scope, receive, send_with_header)
    return with_header
