"""How fast a move reaches 50 people looking at the same board over WebSockets.

The embedded default: one uvicorn process on 127.0.0.1 (settings `config.settings.local`, DEBUG
off, in-memory channel layer, SQLite in a throw-away OFFICINA_VAR_DIR). 50 team members each
open the board's socket (`ws/o/<slug>/boards/<id>/`, signed in by their session cookie, with
the `websockets` package), then a card is moved through the real HTTP endpoint, as drag and
drop does, 10 times (after one that warms the server up). For every move and every client:
the time from sending the move's POST to that client receiving the "changed" notice
(500 samples):
- ws_fanout_p95, ws_fanout_max: over the 500 samples;
- ws_fanout_p50: their median; ws_move_request_p50: median time of the POST itself;
- ws_fanout_spread_max: the longest time between the first and the last client of one move
  (the cost of the fan-out itself, without the move);
- ws_move_request_alone_p50: median of 5 of the same POSTs before any socket is open.
"""

import asyncio
import json
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    REPO,
    bench_environment,
    free_port,
    log,
    median,
    percentile,
    setup_django,
    wait_for_200,
)

CLIENTS = 50
MOVES = 10
CSRF = string.ascii_letters[:32]  # any 32-letter secret: cookie and header must only agree


def post_move(url: str, cookie: str, data: dict[str, Any]) -> tuple[float, int]:
    """POST a move as board.js does; its duration (ms) and the card's new version."""
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "X-Requested-With": "fetch",
        },
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status == 200, response.status  # noqa: S101
        return elapsed, int(response.headers["X-Card-Version"])


async def changed_notice(socket: Any) -> float:
    """Wait for the next "changed" notice on `socket`; the moment it arrived."""
    while True:
        message = json.loads(await socket.recv())
        if message.get("type") == "changed":
            return time.perf_counter()


async def drain(socket: Any, seconds: float) -> None:
    """Read whatever arrives (presence lists) for `seconds`."""
    try:
        while True:
            await asyncio.wait_for(socket.recv(), timeout=seconds)
    except TimeoutError:
        pass


async def measure(
    socket_url: str, origin: str, cookies: list[str], move_url: str, moves: list[dict[str, Any]]
) -> tuple[list[float], list[float], list[float], list[float]]:
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    loop = asyncio.get_running_loop()
    version = moves[0]["version"]
    alone = []  # the same move with nobody looking: what the fan-out adds to the request
    for number in range(6):
        took, version = await loop.run_in_executor(
            None, post_move, move_url, cookies[0], {**moves[number % 2], "version": version}
        )
        if number:
            alone.append(took)
    sockets = [
        await connect(
            socket_url, origin=Origin(origin), additional_headers={"Cookie": f"sessionid={c}"}
        )
        for c in cookies
    ]
    for socket in sockets:
        await socket.send(json.dumps({"type": "hello"}))
    await asyncio.gather(*(drain(socket, 1.5) for socket in sockets))  # presence settles
    delays, requests, spreads = [], [], []
    for round_number, move in enumerate(moves):
        waiting = [asyncio.create_task(changed_notice(socket)) for socket in sockets]
        started = time.perf_counter()
        took, version = await loop.run_in_executor(
            None, post_move, move_url, cookies[0], {**move, "version": version}
        )
        arrivals = await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
        if round_number:  # the first move warms the server up (templates, connections)
            delays += [(arrival - started) * 1000 for arrival in arrivals]
            requests.append(took)
            spreads.append((max(arrivals) - min(arrivals)) * 1000)
        log(f"move {round_number}: last client after {(max(arrivals) - started) * 1000:.1f} ms")
        await asyncio.sleep(0.2)
    for socket in sockets:
        await socket.close()
    return delays, requests, spreads, alone


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        environment = bench_environment(var_dir)
        setup_django(environment)
        from django.urls import reverse

        from bench.seed_boards import make_big_board, make_world, session_cookie
        from officina.boards.models import WorkItem

        (world,) = make_world(people=CLIENTS)
        board = make_big_board(world, name="Bacheca condivisa", open_cards=500)
        cookies = [session_cookie(person) for person in world.people]
        columns = list(board.columns.all())
        lane = board.swimlanes.first()
        assert lane is not None  # noqa: S101
        card = WorkItem.objects.filter(
            board=board, column=columns[2], swimlane=lane, archived_at=None
        ).order_by("rank")[0]
        slug = board.organisation.slug
        move_path = reverse(
            "boards:card-move",
            kwargs={"org_slug": slug, "board_id": board.pk, "number": card.number},
        )
        moves = [
            {
                "column": columns[3 if n % 2 == 0 else 2].pk,
                "swimlane": lane.pk,
                "position": 0,
                "version": card.version,
            }
            for n in range(MOVES + 1)
        ]

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryFile() as server_log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "config.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--lifespan",
                    "off",
                    "--log-level",
                    "warning",
                ],
                env=environment,
                cwd=REPO,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for_200(f"{base}/accounts/login/", server)
                log(f"{CLIENTS} sockets on board {board.pk}, {MOVES} moves…")
                delays, requests, spreads, alone = asyncio.run(
                    measure(
                        f"ws://127.0.0.1:{port}/ws/o/{slug}/boards/{board.pk}/",
                        base,
                        cookies,
                        base + move_path,
                        moves,
                    )
                )
            except Exception:
                server_log.seek(0)
                sys.stderr.write(server_log.read().decode(errors="replace")[-5000:])
                raise
            finally:
                server.terminate()
                server.wait(timeout=30)
        print(f"ws_fanout_p50: {median(delays):.1f} ms")
        print(f"ws_fanout_p95: {percentile(delays, 0.95):.1f} ms")
        print(f"ws_fanout_max: {max(delays):.1f} ms")
        print(f"ws_move_request_p50: {median(requests):.1f} ms")
        print(f"ws_fanout_spread_max: {max(spreads):.1f} ms")
        print(f"ws_move_request_alone_p50: {median(alone):.1f} ms")


if __name__ == "__main__":
    main()
