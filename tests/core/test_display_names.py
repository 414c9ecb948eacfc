"""A contact without any name is called after its organisation, else its e-mail address."""

import pytest

from tafelrunde.core.display_names import name_from_email, stand_in_name


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("j.smith@example.com", "J. Smith"),
        ("hans-peter_roth@example.de", "Hans-Peter Roth"),
        ("anna.maria+newsletter@example.org", "Anna Maria"),
        ("McLeod@example.co.uk", "McLeod"),
        ("jörg.müller@example.de", "Jörg Müller"),
        ("...@example.com", ""),  # nothing to make a name of
        ("no-at-sign", ""),
    ],
)
def test_the_local_part_of_an_email_address_reads_as_a_name(address, name):
    assert name_from_email(address) == name


def test_the_organisation_comes_before_the_email_address():
    assert stand_in_name(" Acer America ", ["sales@acer.example"]) == (
        "Acer America",
        "organisation",
    )
    assert stand_in_name("", ["j.smith@example.com", "x@y.z"]) == ("J. Smith", "email")
    assert stand_in_name("", ["@", "j.smith@example.com"]) == ("J. Smith", "email")
    assert stand_in_name(" ", ["@", "not an address"]) == ("", "")
