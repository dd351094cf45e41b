"""Real-time fan-out: group names, publishing, presence and access re-checks; each app keeps its
consumer, and `config/routing.py` routes the WebSockets."""
