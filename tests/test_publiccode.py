"""publiccode.yml follows the publiccode.yml standard (v0.4, Italian extension)."""

import copy
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

PUBLICCODE = Path(__file__).resolve().parent.parent / "publiccode.yml"

# Controlled vocabularies of the standard (docs/standard/categories-list.rst, scope-list.rst).
CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "website-builder",
        "whistleblowing",
        "workflow-management",
    ]
)
SCOPES = frozenset(
    [
        "agriculture",
        "culture",
        "defence",
        "education",
        "emergency-services",
        "employment",
        "energy",
        "environment",
        "finance-and-economic-development",
        "foreign-affairs",
        "healthcare",
        "infrastructures",
        "justice",
        "local-authorities",
        "manufacturing",
        "research",
        "science-and-technology",
        "security",
        "society",
        "sport",
        "tourism",
        "transportation",
        "welfare",
    ]
)
PLATFORMS = ["web", "windows", "mac", "linux", "ios", "android"]
SOFTWARE_TYPES = [
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
]

_STRING = {"type": "string", "minLength": 1}
_DESCRIPTION = {
    "type": "object",
    "required": ["shortDescription", "longDescription", "features"],
    "properties": {
        "localisedName": _STRING,
        "shortDescription": {"type": "string", "minLength": 1, "maxLength": 150},
        "longDescription": {"type": "string", "minLength": 150, "maxLength": 10000},
        "features": {"type": "array", "minItems": 1, "items": _STRING},
    },
}
_DEPENDENCY = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": _STRING,
        "versionMin": {"type": "string"},
        "versionMax": {"type": "string"},
        "version": {"type": "string"},
        "optional": {"type": "boolean"},
    },
    "additionalProperties": False,
}
_FLAGS = {"type": "object", "additionalProperties": {"type": "boolean"}}

# The standard's mandatory keys and types, plus this project's own rule: Italian and English.
SCHEMA = {
    "type": "object",
    "required": [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ],
    "properties": {
        "publiccodeYmlVersion": {"enum": ["0.4", "0.5"]},
        "name": _STRING,
        "url": {"type": "string", "pattern": r"^https://[^\s/]+/\S+$"},
        "platforms": {"type": "array", "minItems": 1, "items": {"enum": PLATFORMS}},
        "categories": {"type": "array", "minItems": 1, "items": {"enum": sorted(CATEGORIES)}},
        "developmentStatus": {"enum": ["concept", "development", "beta", "stable", "obsolete"]},
        "softwareType": {"enum": SOFTWARE_TYPES},
        "intendedAudience": {
            "type": "object",
            "properties": {
                "countries": {"type": "array", "items": {"pattern": "^[a-z]{2}$"}},
                "scope": {"type": "array", "items": {"enum": sorted(SCOPES)}},
            },
        },
        "description": {
            "type": "object",
            "required": ["it", "en"],
            "additionalProperties": _DESCRIPTION,
        },
        "legal": {
            "type": "object",
            "required": ["license"],
            "properties": {"license": {"const": "EUPL-1.2"}},
        },
        "maintenance": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["internal", "contract", "community", "none"]},
                "contacts": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": _STRING},
                    },
                },
            },
            "if": {"properties": {"type": {"enum": ["internal", "community"]}}},
            "then": {"required": ["contacts"]},
        },
        "localisation": {
            "type": "object",
            "required": ["localisationReady", "availableLanguages"],
            "properties": {
                "localisationReady": {"type": "boolean"},
                "availableLanguages": {
                    "type": "array",
                    "allOf": [{"contains": {"const": "it"}}, {"contains": {"const": "en"}}],
                },
            },
        },
        "dependsOn": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": _DEPENDENCY},
        },
        "it": {
            "type": "object",
            "required": ["countryExtensionVersion"],
            "properties": {
                "countryExtensionVersion": {"const": "1.0"},
                "conforme": _FLAGS,
                "piattaforme": _FLAGS,
            },
        },
    },
}


def publiccode_errors(document: object) -> list[str]:
    """Every way `document` breaks the schema, as `path: message` lines (empty when valid)."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return sorted(
        f"{'/'.join(str(part) for part in error.absolute_path) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    )


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    # BaseLoader would keep every scalar a string; SafeLoader gives booleans their type.
    document: dict[str, Any] = yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))
    return document


def test_publiccode_yml_is_valid(publiccode):
    # given the repository's publiccode.yml
    # when it is validated against the standard's required keys and vocabularies
    errors = publiccode_errors(publiccode)

    # then there is nothing to fix
    assert errors == []


def test_publiccode_declares_eupl_and_italian_and_english(publiccode):
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    assert publiccode["localisation"]["availableLanguages"] == ["it", "en"]
    assert publiccode["localisation"]["localisationReady"] is True


def test_publiccode_licence_matches_the_package_metadata(publiccode):
    pyproject = (PUBLICCODE.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert f'license = "{publiccode["legal"]["license"]}"' in pyproject


@pytest.mark.parametrize(
    ("path", "bad_value", "expected"),
    [
        (("developmentStatus",), "alpha", "developmentStatus: 'alpha' is not one of"),
        (("softwareType",), "standalone", "softwareType: 'standalone' is not one of"),
        (("platforms",), ["browser"], "platforms/0: 'browser' is not one of"),
        (("maintenance", "type"), "volunteer", "maintenance/type: 'volunteer' is not one of"),
        (("legal", "license"), "AGPL-3.0", "legal/license: 'EUPL-1.2' was expected"),
        (("description", "it", "shortDescription"), "x" * 151, "is too long"),
        (("description", "en", "longDescription"), "Too short.", "is too short"),
        (("categories",), ["kanban"], "categories/0: 'kanban' is not one of"),
    ],
)
def test_validator_rejects_a_wrong_value(publiccode, path, bad_value, expected):
    # given a copy of the file with one value the standard does not allow
    broken = copy.deepcopy(publiccode)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad_value

    # when it is validated
    errors = publiccode_errors(broken)

    # then the error names the offending key
    assert any(expected in error for error in errors), errors


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("url",), "<root>: 'url' is a required property"),
        (("legal",), "<root>: 'legal' is a required property"),
        (("description", "en"), "description: 'en' is a required property"),
        (("maintenance", "contacts"), "maintenance: 'contacts' is a required property"),
        (("localisation", "availableLanguages"), "'availableLanguages' is a required property"),
    ],
)
def test_validator_rejects_a_copy_missing_a_required_key(publiccode, path, expected):
    # given a copy of the file without one mandatory key
    broken = copy.deepcopy(publiccode)
    target = broken
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]

    # when it is validated
    errors = publiccode_errors(broken)

    # then the missing key is reported
    assert any(expected in error for error in errors), errors
