"""How the server is put together (config/asgi.py) and how notices leave a request's thread."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from channels.testing import HttpCommunicator

from config.asgi import application
from officina.realtime.publish import group_send

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_pages_are_served_through_the_asgi_application():
    communicator = HttpCommunicator(
        application, "GET", "/accounts/login/", headers=[(b"accept-language", b"it")]
    )

    response = await communicator.get_response(timeout=10)

    assert response["status"] == 200
    assert b'<html lang="it">' in response["body"]


async def test_a_notice_from_a_request_thread_reaches_views_on_the_server_loop(monkeypatch):
    # given: an open view of a board, listening on the server's loop (in-memory layer)
    layer = get_channel_layer()
    await layer.flush()
    channel = await layer.new_channel()
    await layer.group_add("board-7", channel)
    await HttpCommunicator(application, "GET", "/accounts/login/").get_response(timeout=10)
    sent_on = []
    original_group_send = layer.group_send

    async def recording_group_send(group, message):
        sent_on.append(asyncio.get_running_loop())
        await original_group_send(group, message)

    monkeypatch.setattr(layer, "group_send", recording_group_send)

    # when: a request, in a plain worker thread as the HTTP server runs it, publishes a change
    notice = {"type": "board.changed", "board": 7, "version": 3}
    await asyncio.get_running_loop().run_in_executor(None, group_send, "board-7", notice)

    # then: the view hears it, sent by the server's own loop (the in-memory layer is not
    # thread-safe), without the request having waited for the send
    assert await asyncio.wait_for(layer.receive(channel), timeout=2) == notice
    assert sent_on == [asyncio.get_running_loop()]
