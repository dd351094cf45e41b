"""ASGI entry point: HTTP through Django's WSGI handler in a thread pool, WebSockets through
Channels.

Officina's views and middleware are synchronous. Django's own ASGI handler would hop between the
event loop and threads several times per request (around each synchronous middleware and view,
about 2.3 ms of a 5 ms board page); a2wsgi runs the whole request in one worker thread and
streams the response back to the loop (decision 0022).
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django_wsgi_app = get_wsgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from officina.common.server_process import settle_garbage_collector  # noqa: E402
from officina.realtime.publish import RecordServerLoop  # noqa: E402

application = RecordServerLoop(
    ProtocolTypeRouter(
        {
            # django-stubs types the handler's result as HttpResponseBase, which is the WSGI
            # iterable of bytes a2wsgi expects.
            "http": WSGIMiddleware(
                django_wsgi_app,  # type: ignore[arg-type]
                workers=settings.OFFICINA_HTTP_THREADS,
            ),
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
)
# Last, once everything the server needs is loaded: no full collection walks it again.
settle_garbage_collector()
