"""A python-socketio server (Debian's python3-socketio on aiohttp) that the Cluster.Tests talk to.

    /usr/bin/python3 server.py '{"port": 0}'

Prints one line `TUSK_SERVER_READY {"port": N, "version": "..."}` once it listens on 127.0.0.1, and exits when its
stdin closes (the test host is gone) or on SIGTERM.
"""

import asyncio
import json
import signal
import sys

import aiohttp
import engineio
import socketio
from aiohttp import web

READY_PREFIX = "TUSK_SERVER_READY "
NAMESPACES = ["/", "/chat"]
SECRET = "let-me-in"


def package_version(module, distribution):
    version = getattr(module, "__version__", None)
    if version:
        return version
    try:
        from importlib.metadata import version as metadata_version

        return metadata_version(distribution)
    except Exception:  # noqa: BLE001 - only informational
        return "unknown"


def create_server():
    sio = socketio.AsyncServer(async_mode="aiohttp", ping_interval=5, ping_timeout=5)

    def register(namespace):
        @sio.on("connect", namespace=namespace)
        async def connect(sid, environ, auth):
            if not isinstance(auth, dict) or auth.get("token") != SECRET:
                # First argument: the message; second: the data the client sees with it.
                raise socketio.exceptions.ConnectionRefusedError("bad token", {"reason": "no such token"})
            await sio.save_session(sid, {"user": auth.get("user")}, namespace=namespace)
            await sio.emit("welcome", {"user": auth.get("user"), "namespace": namespace}, to=sid, namespace=namespace)

        @sio.on("echo", namespace=namespace)
        async def echo(sid, *args):
            await sio.emit("echo", list(args) if len(args) != 1 else args[0], to=sid, namespace=namespace)
            # python-socketio turns a returned tuple into the ack's arguments.
            return args

        @sio.on("whoami", namespace=namespace)
        async def whoami(sid):
            session = await sio.get_session(sid, namespace=namespace)
            return {"user": session.get("user"), "namespace": namespace, "sid": sid}

        @sio.on("join", namespace=namespace)
        async def join(sid, room):
            sio.enter_room(sid, room, namespace=namespace)
            return True

        @sio.on("leave", namespace=namespace)
        async def leave(sid, room):
            sio.leave_room(sid, room, namespace=namespace)
            return True

        @sio.on("broadcast", namespace=namespace)
        async def broadcast(sid, room, payload):
            await sio.emit("news", payload, room=room, namespace=namespace)
            return True

        # server-to-client call with ack: the client's answer comes back as the ack of this event.
        @sio.on("call-me", namespace=namespace)
        async def call_me(sid, question):
            answer = await sio.call("question", question, to=sid, namespace=namespace, timeout=10)
            return {"answer": answer}

        @sio.on("kick-me", namespace=namespace)
        async def kick_me(sid):
            await sio.disconnect(sid, namespace=namespace)

    for namespace in NAMESPACES:
        register(namespace)
    return sio


async def main():
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    sio = create_server()
    app = web.Application()
    sio.attach(app)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", int(options.get("port", 0)))
    await site.start()
    port = runner.addresses[0][1]

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    # The test host holds our stdin: when it closes (the host exited), stop too.
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.buffer.read1(4096) else None)

    info = {
        "port": port,
        "socketio": package_version(socketio, "python-socketio"),
        "engineio": package_version(engineio, "python-engineio"),
        "aiohttp": aiohttp.__version__,
    }
    sys.stdout.write(READY_PREFIX + json.dumps(info) + "\n")
    sys.stdout.flush()
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
