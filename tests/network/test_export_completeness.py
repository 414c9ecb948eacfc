"""The JSON export is the owner's copy of everything: every table they own, every column.

Both checks are over the models Django knows, so a table or a column added later fails here
until the export carries it (or NOT_EXPORTED, in test_json_roundtrip, says why it must not).
"""

import pytest

from tafelrunde.exchange.erase_account import owned_models
from tafelrunde.exchange.export_json import export_json
from tests.network.test_json_roundtrip import NOT_EXPORTED, build_history, exported_tables

# Where each table's rows are in the export.
RECORDS = {
    "accounts.Profile": lambda e: [e["profile"]],
    "network.Contact": lambda e: e["contacts"],
    "network.Phone": lambda e: [p for c in e["contacts"] for p in c["phone_details"]],
    "network.Email": lambda e: [m for c in e["contacts"] for m in c["email_details"]],
    "network.Address": lambda e: [a for c in e["contacts"] for a in c["addresses"]],
    "network.ContactSource": lambda e: [s for c in e["contacts"] for s in c["sources"]],
    "network.NamesakeGroup": lambda e: e["namesake_groups"],
    "network.NamesakeMember": lambda e: [
        {"contact_id": i} for g in e["namesake_groups"] for i in g["contact_ids"]
    ],
    "travel.Trip": lambda e: e["trips"],
    "evenings.Evening": lambda e: e["evenings"],
    "evenings.Attempt": lambda e: [a for ev in e["evenings"] for a in ev["attempts"]],
    "meals.Meal": lambda e: e["meals"],
    "meals.MealParticipant": lambda e: [p for m in e["meals"] for p in m["participant_details"]],
    "meals.Note": lambda e: e["notes"],
    "meals.FollowUp": lambda e: e["follow_ups"],
    "meals.ReceiptVersion": lambda e: e["receipt_versions"],
    "meals.ReceiptLogEntry": lambda e: e["receipt_log"],
}
# Columns kept in another shape: the parent a record is nested in, the contact's name and
# location, and keys the import computes again.
ELSEWHERE = {
    "accounts.Profile": {"user"},
    "network.Contact": {
        *("full_name", "place", "latitude", "longitude", "location_source"),
        *("location_confidence", "search_key", "name_key", "organisation_key"),
    },
    "network.Phone": {"contact"},
    "network.Email": {"contact"},
    "network.Address": {"contact"},
    "network.ContactSource": {"contact"},
    "network.NamesakeMember": {"group"},
    "evenings.Attempt": {"evening"},
    "meals.MealParticipant": {"meal"},
}


@pytest.fixture
def export(owner):
    build_history(owner)
    return export_json(owner)


def test_every_table_the_owner_has_rows_in_is_in_the_export(owner, export):
    for model, link in exported_tables():
        label = model._meta.label
        assert label in RECORDS, f"{label} links to the account but is not in the JSON export"
        rows = model._base_manager.filter(**{link: owner}).count()
        assert rows, f"build_history makes no {label}: give it one so the export is checked"
        assert len(RECORDS[label](export)) == rows, label


def test_every_column_of_those_tables_is_in_the_export(owner, export):
    for model, link in exported_tables():
        label = model._meta.label
        record = RECORDS[label](export)[0]
        for field in model._meta.concrete_fields:
            name = field.name
            covered = (
                name in ("id", link)
                or name in record
                or f"{name}_id" in record
                or name in ELSEWHERE.get(label, ())
            )
            assert covered, f"{label}.{name} is not in the JSON export"


def test_every_table_left_out_says_why():
    labels = {model._meta.label for model, _link in owned_models()}
    assert labels - set(RECORDS) <= set(NOT_EXPORTED), labels - set(RECORDS)
