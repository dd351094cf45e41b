"""How fast a vote of live estimation ("planning poker") reaches 20 people voting together.

The embedded default: `officina serve` with one worker on 127.0.0.1 (settings
`config.settings.local`, DEBUG off, in-memory channel layer, SQLite in a throw-away
OFFICINA_VAR_DIR). 20 team members open the
estimation page's socket (`ws/o/<slug>/boards/<id>/poker/`, signed in by their session cookie,
with the `websockets` package); a story is being estimated. Each member in turn votes through the
real form endpoint (`scrum:poker-vote`, as `scrum/poker.js` posts it); for every vote and every
socket: the time from sending the vote's POST to that socket receiving the estimation's state
that names the voter among those who have voted. Then the reveal, measured the same way. Two
rounds (a re-vote between them), after one round that warms the server up:
- poker_vote_p50, poker_vote_p95, poker_vote_max: over 2 × 20 votes × 20 sockets = 800 samples;
- poker_vote_request_p50: median time of the vote's POST itself;
- poker_reveal_p95: the reveal reaching the 20 sockets (2 × 20 samples).
"""

import asyncio
import json
import string
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    bench_environment,
    log,
    median,
    percentile,
    served,
    setup_django,
)

VOTERS = 20
ROUNDS = 2
CSRF = string.ascii_letters[:32]  # any 32-letter secret: cookie and header must only agree
CARDS = ["1", "2", "3", "5", "8"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def post_form(url: str, cookie: str, data: dict[str, str]) -> float:
    """POST a form as poker.js does (it ignores the redirect); the POST's duration in ms."""
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        url,
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode(),
        headers={"Cookie": f"sessionid={cookie}; csrftoken={CSRF}"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with OPENER.open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as answer:  # the redirect back to the page
        status = answer.code
    elapsed = (time.perf_counter() - started) * 1000
    assert status in (200, 302), status  # noqa: S101
    return elapsed


async def state_where(socket: Any, wanted: Any) -> float:
    """Wait for an estimation state that satisfies `wanted`; the moment it arrived."""
    while True:
        message = json.loads(await socket.recv())
        if message.get("type") == "poker" and wanted(message["state"]):
            return time.perf_counter()


async def drain(socket: Any, seconds: float) -> None:
    try:
        while True:
            await asyncio.wait_for(socket.recv(), timeout=seconds)
    except TimeoutError:
        pass


def _has_voted(voter_id: int) -> Any:
    def check(state: dict[str, Any]) -> bool:
        round_ = state.get("round") or {}
        return any(person["id"] == voter_id for person in round_.get("voted", []))

    return check


def _revealed(state: dict[str, Any]) -> bool:
    return bool((state.get("round") or {}).get("revealed"))


async def measure(
    socket_url: str, origin: str, voters: list[tuple[int, str]], urls: dict[str, str]
) -> tuple[list[float], list[float], list[float]]:
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    loop = asyncio.get_running_loop()
    sockets = [
        await connect(
            socket_url, origin=Origin(origin), additional_headers={"Cookie": f"sessionid={c}"}
        )
        for _voter, c in voters
    ]
    for socket in sockets:
        await socket.send(json.dumps({"type": "hello"}))
    await asyncio.gather(*(drain(socket, 1.5) for socket in sockets))  # presence settles
    facilitator = voters[0][1]
    delays, requests, reveals = [], [], []
    for round_number in range(ROUNDS + 1):
        for number, (voter_id, cookie) in enumerate(voters):
            waiting = [
                asyncio.create_task(state_where(socket, _has_voted(voter_id))) for socket in sockets
            ]
            started = time.perf_counter()
            took = await loop.run_in_executor(
                None, post_form, urls["vote"], cookie, {"value": CARDS[number % len(CARDS)]}
            )
            arrivals = await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
            if round_number:  # the first round warms the server up
                delays += [(arrival - started) * 1000 for arrival in arrivals]
                requests.append(took)
        waiting = [asyncio.create_task(state_where(socket, _revealed)) for socket in sockets]
        started = time.perf_counter()
        await loop.run_in_executor(None, post_form, urls["reveal"], facilitator, {})
        arrivals = await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
        if round_number:
            reveals += [(arrival - started) * 1000 for arrival in arrivals]
        last = (max(arrivals) - started) * 1000
        log(f"round {round_number}: the reveal reached everyone after {last:.1f} ms")
        await loop.run_in_executor(None, post_form, urls["revote"], facilitator, {})
        await asyncio.gather(*(drain(socket, 0.3) for socket in sockets))
    for socket in sockets:
        await socket.close()
    return delays, requests, reveals


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        environment = bench_environment(var_dir)
        setup_django(environment)
        from django.urls import reverse

        from bench.seed_boards import make_big_board, make_world, session_cookie
        from officina.boards.selectors.boards import board_get_for_actor
        from officina.organisations.selectors import actor_for_user
        from officina.scrum.selectors import backlog_list_for_actor
        from officina.scrum.services.poker import poker_open, poker_pick_story
        from officina.scrum.services.settings import scrum_settings_save

        (world,) = make_world(people=VOTERS)
        board = make_big_board(world, name="Iscrizioni nidi", open_cards=40)
        lead = actor_for_user(user=world.people[0], organisation_slug=world.organisation.slug)
        scrum_settings_save(actor=lead, board=board)
        seen = board_get_for_actor(actor=lead, board_id=board.pk)
        story = backlog_list_for_actor(actor=lead, seen=seen)[0]
        poker_open(actor=lead, board_id=board.pk)
        poker_pick_story(actor=lead, board_id=board.pk, work_item=story)
        voters = [(person.pk, session_cookie(person)) for person in world.people]
        slug = world.organisation.slug
        urls = {
            name: reverse(f"scrum:poker-{name}", kwargs={"org_slug": slug, "board_id": board.pk})
            for name in ("vote", "reveal", "revote")
        }

        with served(environment, workers=1) as base:
            log(f"{VOTERS} voters on board {board.pk}, {ROUNDS} measured rounds…")
            socket_base = base.replace("http://", "ws://")
            delays, requests, reveals = asyncio.run(
                measure(
                    f"{socket_base}/ws/o/{slug}/boards/{board.pk}/poker/",
                    base,
                    voters,
                    {name: base + path for name, path in urls.items()},
                )
            )
        print(f"poker_vote_p50: {median(delays):.1f} ms")
        print(f"poker_vote_p95: {percentile(delays, 0.95):.1f} ms")
        print(f"poker_vote_max: {max(delays):.1f} ms")
        print(f"poker_vote_request_p50: {median(requests):.1f} ms")
        print(f"poker_reveal_p95: {percentile(reveals, 0.95):.1f} ms")


if __name__ == "__main__":
    main()
