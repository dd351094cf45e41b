"""`officina serve`: the web server (uvicorn, ASGI) and the background-task worker, together.

The worker runs as a child process in its own process group, so Ctrl-C reaches the server only
and the server stops the worker itself, after its last request. If the worker dies while the
server runs, the server stops too and the command exits with an error: a site that silently
drops its background tasks is worse than one that is down.

The daily tasks (`OFFICINA_DAILY_TASKS`: the history's retention, ...) are enqueued once at
start and then every 24 hours, so the embedded default needs no cron; each is idempotent, so a
second server or a cron job enqueuing it too does no harm.
"""

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # Linux prctl(2): signal the child when its parent dies
WORKER_STOP_TIMEOUT = 10  # seconds the worker gets to finish its current task


class Command(BaseCommand):
    help = "Run the web server and the background-task worker until Ctrl-C or SIGTERM."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Web server processes (default: 1)."
        )
        parser.add_argument(
            "--no-access-log",
            action="store_false",
            dest="access_log",
            help="Do not log every request (when the reverse proxy already does).",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, access_log: bool, **options: Any
    ) -> None:
        task_worker = _start_task_worker(verbosity=options["verbosity"])
        watch = _WorkerWatch(task_worker)
        watch.start()
        daily = _DailyTasks(getattr(settings, "OFFICINA_DAILY_TASKS", ()))
        daily.start()
        # uvicorn re-raises the SIGTERM it handled once it has stopped: turn it into the same
        # clean exit as Ctrl-C so that the worker is stopped below.
        previous_handler = signal.signal(signal.SIGTERM, _interrupt)
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Officina: http://{shown_host}:{port}/")
        # Listening on every interface: the addresses a tablet on the local network can type.
        for address in getattr(settings, "OFFICINA_LAN_ADDRESSES", ()):
            shown = f"[{address}]" if ":" in address else address
            self.stdout.write(f"          http://{shown}:{port}/")
        self.stdout.flush()
        try:
            uvicorn.run(
                "config.asgi:application",
                host=host,
                port=port,
                workers=workers,
                lifespan="off",  # Django has no lifespan handler
                access_log=access_log,
                server_header=False,
            )
        except KeyboardInterrupt:
            pass
        finally:
            daily.stopping.set()
            watch.stopping.set()
            _stop(task_worker)
            signal.signal(signal.SIGTERM, previous_handler)
        if watch.died:
            raise CommandError(
                f"The background-task worker stopped unexpectedly "
                f"(exit code {task_worker.returncode}); the server was stopped too."
            )


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _worker_preexec() -> None:
    # Runs in the child before exec: if the server is killed outright, the worker goes too.
    if sys.platform == "linux":
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start_task_worker(*, verbosity: int) -> subprocess.Popen[bytes]:
    """Start django-tasks' database worker with the same settings as this process."""
    command = [sys.executable, "-m", "django", "db_worker", "--no-reload", f"-v{verbosity}"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    return subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        command,
        env=environment,
        process_group=0,
        preexec_fn=_worker_preexec,  # safe here: no other thread is running yet
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _WorkerWatch(threading.Thread):
    """Stops the server (SIGTERM to this process) when the worker exits on its own."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        super().__init__(name="task-worker-watch", daemon=True)
        self.process = process
        self.stopping = threading.Event()
        self.died = False

    def run(self) -> None:
        self.process.wait()
        if not self.stopping.is_set():
            self.died = True
            os.kill(os.getpid(), signal.SIGTERM)


DAY_SECONDS = 24 * 60 * 60


class _DailyTasks(threading.Thread):
    """Enqueues each daily task now and then every 24 hours, for the worker to run."""

    def __init__(self, paths: Any) -> None:
        super().__init__(name="daily-tasks", daemon=True)
        self.paths = list(paths)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            for path in self.paths:
                try:
                    import_string(path).enqueue()
                except Exception:  # a broken task must not stop the others, nor the server
                    logger.exception("Could not enqueue the daily task %s", path)
            self.stopping.wait(DAY_SECONDS)
