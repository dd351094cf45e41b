"""Locust users for bench/bench_load_locust.py: people working on their team's board.

Each user is one of the people in the plan the bench writes (BENCH_LOCUST_PLAN, a JSON file):
their session cookie, their board, the cards they move and those they open. The mix of a working
day: look at the board (70 %), move one of their cards as drag and drop does (20 %), open a card
(10 %), with a pause of BENCH_LOCUST_WAIT seconds (default "2,8") between two actions.
Not imported by Django: locust runs it in its own process.
"""

import itertools
import json
import os
import random
from typing import Any

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"  # any 32-letter secret: cookie and header must agree
PLAN: list[dict[str, Any]] = json.loads(open(os.environ["BENCH_LOCUST_PLAN"]).read())  # noqa: SIM115, PTH123
NEXT_PERSON = itertools.count()
WAIT = [float(seconds) for seconds in os.environ.get("BENCH_LOCUST_WAIT", "2,8").split(",")]


class OfficeWorker(FastHttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        self.person = PLAN[next(NEXT_PERSON) % len(PLAN)]
        self.headers = {"Cookie": f"sessionid={self.person['cookie']}; csrftoken={CSRF}"}

    @task(70)
    def view_board(self) -> None:
        self.client.get(self.person["board"], headers=self.headers, name="board")

    @task(20)
    def move_card(self) -> None:
        move = random.choice(self.person["moves"])  # noqa: S311
        with self.client.post(
            move["url"],
            data={
                "column": random.choice(move["columns"]),  # noqa: S311
                "swimlane": move["swimlane"],
                "position": 0,
            },
            headers={**self.headers, "X-CSRFToken": CSRF, "X-Requested-With": "fetch"},
            name="move",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"move answered {response.status_code}")

    @task(10)
    def open_card(self) -> None:
        card = random.choice(self.person["cards"])  # noqa: S311
        self.client.get(card, headers=self.headers, name="card")
