"""Run the review page with uvicorn on a socket we bind ourselves.

Binding first means the printed address is the real one (also with ``--port 0``), and a busy
default port falls back to a free one instead of failing a first-time reviewer.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn

from extractor.review.app import IP_LITERALS, LOOPBACK_HOSTS, create_app

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> frozenset[str]:
    """Host names the page answers to: loopback names on loopback; otherwise also the bound address,
    this machine's names and any IP address, never another domain name (DNS rebinding)."""
    if is_loopback(host):
        return LOOPBACK_HOSTS
    names = {host.strip("[]"), socket.gethostname(), socket.getfqdn()}
    return LOOPBACK_HOSTS | {name for name in names if name and name not in ("0.0.0.0", "::")} | {IP_LITERALS}


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket; without an explicit port, DEFAULT_PORT or else any free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    candidates = [port] if port is not None else [DEFAULT_PORT, 0]
    last_error: OSError | None = None
    for candidate in candidates:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), candidate))
        except OSError as exc:
            sock.close()
            last_error = exc
            continue
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    raise OSError(f"cannot listen on {host}:{port} ({last_error}); choose another port with --port")


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    run_dir: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    reviewer: str = "",
    announce: Callable[[str], None] = print,
    spot_size: int | None = None,
) -> None:
    """Serve the review page until interrupted (Ctrl+C)."""
    app = create_app(run_dir, reviewer=reviewer, allowed_hosts=allowed_hosts(host), spot_size=spot_size)
    sock = bind(host, port)
    announce(f"Review page: {address(sock)}")
    announce(f"Decisions are saved in {Path(run_dir).resolve() / 'run.sqlite'} (press Ctrl+C to stop).")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
