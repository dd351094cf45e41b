"""Real-time fan-out: consumers, routing and group names (boards add their consumer here)."""
