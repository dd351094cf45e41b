"""Rendered board fragments kept in the process: rendered once however many ask together."""

import threading
import time

from officina.boards.rendering import LocalFragments, clear_face_caches, kept_fragments


def test_fragments_asked_together_are_rendered_once_and_shared():
    # given: eight requests for a body nobody has rendered yet (a board that just changed)
    clear_face_caches()
    renders = []
    start = threading.Barrier(8)
    answers = []

    def render(missing: list[str]) -> dict[str, str]:
        renders.append(missing)
        time.sleep(0.05)  # rendering takes a while: the others arrive meanwhile
        return {key: f"<div>{key}</div>" for key in missing}

    def ask() -> None:
        start.wait()
        answers.append(kept_fragments(["bfr:test:1:7", "bct:test:1:1"], render))

    # when
    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert renders == [["bfr:test:1:7", "bct:test:1:1"]]
    assert len(answers) == 8
    assert all(answer == answers[0] for answer in answers)
    clear_face_caches()


def test_only_the_missing_fragment_is_rendered():
    clear_face_caches()
    kept_fragments(["bct:test:2:1"], lambda missing: dict.fromkeys(missing, "controls"))
    renders = []

    def render(missing: list[str]) -> dict[str, str]:
        renders.append(missing)
        return dict.fromkeys(missing, "body")

    kept = kept_fragments(["bfr:test:2:9", "bct:test:2:1"], render)

    assert renders == [["bfr:test:2:9"]]
    assert kept == {"bfr:test:2:9": "body", "bct:test:2:1": "controls"}
    clear_face_caches()


def test_local_fragments_forget_the_oldest_past_their_size():
    fragments = LocalFragments(max_chars=10)
    fragments.set_many({"old": "12345"})
    fragments.set_many({"newer": "123", "newest": {"filters": "1234"}})

    assert fragments.get_many(["old", "newer", "newest"]) == {
        "newer": "123",
        "newest": {"filters": "1234"},
    }
