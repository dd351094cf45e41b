# ruff: noqa: E501 (the fixture is the doc's JSON, copied line for line)
"""The golden case of flow-metrics.md §14, copied verbatim from §14.8 (machine-readable form)."""

import json
from typing import Any

GOLDEN_JSON = r"""
{
  "workflow": ["Backlog", "Ready", "In Progress", "Review", "Done"], "start_stage": "In Progress", "finish_stage": "Done", "as_of": "2024-03-15",
  "events": {
    "A": [["2024-03-01", "Backlog"], ["2024-03-04", "Ready"], ["2024-03-04", "In Progress"], ["2024-03-06", "Review"], ["2024-03-07", "Done"]],
    "B": [["2024-03-01", "Backlog"], ["2024-03-04", "Ready"], ["2024-03-05", "In Progress"], ["2024-03-05", "Done"]],
    "C": [["2024-03-02", "Backlog"], ["2024-03-05", "Ready"], ["2024-03-06", "In Progress"], ["2024-03-08", "Review"], ["2024-03-11", "In Progress"], ["2024-03-12", "Review"], ["2024-03-13", "Done"]],
    "D": [["2024-03-04", "Backlog"], ["2024-03-06", "Ready"], ["2024-03-07", "In Progress"], ["2024-03-08", "Ready"], ["2024-03-11", "In Progress"], ["2024-03-13", "Review"], ["2024-03-14", "Done"]],
    "E": [["2024-03-05", "Backlog"], ["2024-03-06", "Ready"], ["2024-03-08", "In Progress"], ["2024-03-14", "Review"], ["2024-03-15", "Done"]],
    "F": [["2024-03-06", "Backlog"], ["2024-03-07", "Ready"], ["2024-03-11", "In Progress"], ["2024-03-13", "Review"]],
    "G": [["2024-03-06", "Backlog"], ["2024-03-08", "Ready"], ["2024-03-12", "In Progress"]],
    "H": [["2024-03-07", "Backlog"], ["2024-03-08", "In Progress"], ["2024-03-12", "Done"]],
    "I": [["2024-03-08", "Backlog"], ["2024-03-11", "Ready"]],
    "J": [["2024-03-04", "Backlog"], ["2024-03-05", "Ready"], ["2024-03-05", "In Progress"], ["2024-03-07", "Review"], ["2024-03-11", "Done"]]
  },
  "blocked": {"E": [["2024-03-11T10:00", "2024-03-13T10:00"]]},
  "expected": {
    "stage_dates": {
      "A": ["2024-03-01", "2024-03-04", "2024-03-04", "2024-03-06", "2024-03-07"],
      "B": ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-05", "2024-03-05"],
      "C": ["2024-03-02", "2024-03-05", "2024-03-06", "2024-03-12", "2024-03-13"],
      "D": ["2024-03-04", "2024-03-06", "2024-03-11", "2024-03-13", "2024-03-14"],
      "E": ["2024-03-05", "2024-03-06", "2024-03-08", "2024-03-14", "2024-03-15"],
      "F": ["2024-03-06", "2024-03-07", "2024-03-11", "2024-03-13", null],
      "G": ["2024-03-06", "2024-03-08", "2024-03-12", null, null],
      "H": ["2024-03-07", "2024-03-08", "2024-03-08", "2024-03-12", "2024-03-12"],
      "I": ["2024-03-08", "2024-03-11", null, null, null],
      "J": ["2024-03-04", "2024-03-05", "2024-03-05", "2024-03-07", "2024-03-11"]
    },
    "cycle_time": {"A": 4, "B": 1, "C": 8, "D": 4, "E": 8, "H": 5, "J": 7},
    "cycle_time_first_start_rule": {"A": 4, "B": 1, "C": 8, "D": 8, "E": 8, "H": 5, "J": 7},
    "lead_time": {"A": 7, "B": 5, "C": 12, "D": 11, "E": 11, "H": 6, "J": 8},
    "age_at_as_of": {"F": 5, "G": 4},
    "percentiles_nearest_rank": {"50": 5, "70": 7, "85": 8, "95": 8},
    "percentiles_linear": {"50": 5.0, "70": 7.2, "85": 8.0, "95": 8.0},
    "flow_efficiency": {"E": 0.75},
    "daily": [
      {"date": "2024-03-01", "throughput": 0, "wip_active": 0, "wip_eod": 0, "cfd": [2, 0, 0, 0, 0]},
      {"date": "2024-03-02", "throughput": 0, "wip_active": 0, "wip_eod": 0, "cfd": [3, 0, 0, 0, 0]},
      {"date": "2024-03-03", "throughput": 0, "wip_active": 0, "wip_eod": 0, "cfd": [3, 0, 0, 0, 0]},
      {"date": "2024-03-04", "throughput": 0, "wip_active": 1, "wip_eod": 1, "cfd": [5, 2, 1, 0, 0]},
      {"date": "2024-03-05", "throughput": 1, "wip_active": 3, "wip_eod": 2, "cfd": [6, 4, 3, 1, 1]},
      {"date": "2024-03-06", "throughput": 0, "wip_active": 3, "wip_eod": 3, "cfd": [8, 6, 4, 2, 1]},
      {"date": "2024-03-07", "throughput": 1, "wip_active": 3, "wip_eod": 2, "cfd": [9, 7, 4, 3, 2]},
      {"date": "2024-03-08", "throughput": 0, "wip_active": 4, "wip_eod": 4, "cfd": [10, 9, 6, 3, 2]},
      {"date": "2024-03-09", "throughput": 0, "wip_active": 4, "wip_eod": 4, "cfd": [10, 9, 6, 3, 2]},
      {"date": "2024-03-10", "throughput": 0, "wip_active": 4, "wip_eod": 4, "cfd": [10, 9, 6, 3, 2]},
      {"date": "2024-03-11", "throughput": 1, "wip_active": 6, "wip_eod": 5, "cfd": [10, 10, 8, 3, 3]},
      {"date": "2024-03-12", "throughput": 1, "wip_active": 6, "wip_eod": 5, "cfd": [10, 10, 9, 5, 4]},
      {"date": "2024-03-13", "throughput": 1, "wip_active": 5, "wip_eod": 4, "cfd": [10, 10, 9, 7, 5]},
      {"date": "2024-03-14", "throughput": 1, "wip_active": 4, "wip_eod": 3, "cfd": [10, 10, 9, 8, 6]},
      {"date": "2024-03-15", "throughput": 1, "wip_active": 3, "wip_eod": 2, "cfd": [10, 10, 9, 8, 7]}
    ]
  },
  "monte_carlo_exact": {
    "S1": {"sample": [0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1], "how_many_days": 10, "how_many_at_least": {"50": 6, "70": 5, "85": 4, "95": 3}, "when_items": 5, "when_days": {"50": 8, "70": 10, "85": 11, "95": 13}, "p_n10_ge_5": 0.8046},
    "S2": {"sample": [2, 0, 1, 3, 0, 0, 1, 2, 1, 0, 0, 4, 1, 1], "how_many_days": 14, "how_many_at_least": {"50": 16, "70": 14, "85": 11, "95": 9}, "when_items": 20, "when_days": {"50": 18, "70": 20, "85": 23, "95": 26}}
  }
}
"""

GOLDEN: dict[str, Any] = json.loads(GOLDEN_JSON)
