"""The templates every organisation starts with. Data, not code: the admin adds more."""

from typing import Any

from officina.boards.models import BoardTemplate

BUILTIN_TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "kanban-base",
        "name": "Kanban di base",
        "description": "Da fare, In corso, Fatto: il flusso più semplice per iniziare.",
        "position": 10,
        "structure": {
            "columns": [
                {"name": "Da fare", "stage": "not_started"},
                {"name": "In corso", "stage": "in_progress", "wip_limit": 5, "wip_policy": "soft"},
                {"name": "Fatto", "stage": "done"},
            ],
            "swimlanes": ["Attività"],
        },
    },
    {
        "key": "servizio-cittadino",
        "name": "Servizio al cittadino",
        "description": "Richieste e pratiche dei cittadini, dalla ricezione alla conclusione.",
        "position": 20,
        "structure": {
            "columns": [
                {
                    "name": "Ricevuta",
                    "stage": "not_started",
                    "policy": "Richiesta protocollata, con il riferimento del cittadino.",
                },
                {
                    "name": "In lavorazione",
                    "stage": "in_progress",
                    "wip_limit": 8,
                    "wip_policy": "soft",
                },
                {
                    "name": "In attesa",
                    "stage": "in_progress",
                    "policy": "In attesa di documenti o di un altro ufficio: indicare il motivo.",
                },
                {
                    "name": "Conclusa",
                    "stage": "done",
                    "policy": "Risposta inviata al cittadino e pratica archiviata.",
                },
            ],
            "swimlanes": ["Urgente", "Ordinarie"],
        },
    },
    {
        "key": "sprint",
        "name": "Sprint",
        "description": (
            "Per i team Scrum: Scrum attivo da subito (backlog di prodotto, sprint, stime); "
            "colonne arretrato dello sprint, in corso, in verifica, fatto."
        ),
        "position": 30,
        "structure": {
            "columns": [
                {"name": "Arretrato dello sprint", "stage": "not_started"},
                {"name": "In corso", "stage": "in_progress", "wip_limit": 4, "wip_policy": "soft"},
                {
                    "name": "In verifica",
                    "stage": "in_progress",
                    "policy": "Verificata da una persona diversa da chi l'ha svolta.",
                },
                {
                    "name": "Fatto",
                    "stage": "done",
                    "policy": "Rispetta la definizione di fatto del team.",
                },
            ],
            "swimlanes": ["Storie"],
            "scrum": True,  # the Scrum app switches Scrum on for a board made from it
        },
    },
]


def sync_builtin_templates(*, using: str = "default") -> None:
    """Create or update the built-in templates (no organisation) from the list above."""
    for template in BUILTIN_TEMPLATES:
        BoardTemplate.objects.using(using).update_or_create(
            organisation=None,
            key=template["key"],
            defaults={
                "name": template["name"],
                "description": template["description"],
                "structure": template["structure"],
                "position": template["position"],
            },
        )
