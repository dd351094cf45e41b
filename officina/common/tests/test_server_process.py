"""The server process settles its garbage collector once started (decision 0033)."""

import gc

import pytest

from officina.common.server_process import YOUNG_COLLECTION_THRESHOLD, settle_garbage_collector


@pytest.fixture
def restored_collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_settled_server_freezes_what_start_up_made_and_collects_young_objects_less_often(
    restored_collector,
):
    settle_garbage_collector()

    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD
