"""People who share a name become one question, however many of them there are."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact, NamesakeGroup
from tests.factories import ContactFactory
from tests.network.test_import_pages import text

pytestmark = pytest.mark.django_db


def card(name: str, organisation: str) -> str:
    given, family = name.split(" ", 1)
    lines = ("BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{name}")
    return "\n".join((*lines, f"ORG:{organisation}", "END:VCARD", ""))


def cards(count: int, names: int, prefix: str = "") -> bytes:
    """`count` people at different firms, drawn from `names` names (a LinkedIn export)."""
    people = [card(f"Thomas Müller{i % names}", f"{prefix}Firma {i}") for i in range(count)]
    return "".join(people).encode()


def three_muellers() -> bytes:
    firms = ("Müller Bau", "Stadtwerke Jena", "Elbtal GmbH")
    return "".join(card("Thomas Müller", firm) for firm in firms).encode()


def test_three_namesakes_are_one_question_not_three_pairs(owner):
    report = import_files(owner, [("linkedin.vcf", three_muellers())])

    assert report.created == 3
    assert report.suggestions == 2  # two of the three may be someone already there
    group = NamesakeGroup.objects.get(owner=owner)
    assert group.members.count() == 3
    assert group.name == "Thomas Müller"


def test_the_page_asks_once_about_all_contacts_of_one_name(owner_client, owner):
    import_files(owner, [("linkedin.vcf", three_muellers())])

    page = text(owner_client.get(reverse("match-suggestions")))

    assert page.count("3 contacts named Thomas Müller") == 1
    assert "Müller Bau" in page and "Stadtwerke Jena" in page and "Elbtal GmbH" in page
    assert page.count("Different people") == 1


def test_merging_a_group_makes_one_contact_of_all_of_them(owner_client, owner):
    import_files(owner, [("linkedin.vcf", three_muellers())])
    group = NamesakeGroup.objects.get(owner=owner)

    response = owner_client.post(reverse("match-suggestion-merge", args=[group.pk]))

    assert response.status_code == 302
    thomas = Contact.objects.get(owner=owner)
    assert thomas.organisation == "Müller Bau"  # the oldest entry is kept
    assert thomas.sources.count() == 3  # every record it came from is kept
    assert not NamesakeGroup.objects.filter(owner=owner).exists()


def test_merging_a_group_already_merged_elsewhere_says_so_instead_of_an_error(owner_client, owner):
    import_files(owner, [("linkedin.vcf", three_muellers())])
    group = NamesakeGroup.objects.get(owner=owner)
    # Meanwhile, on the phone: all but one of them merged or deleted.
    Contact.objects.filter(owner=owner).exclude(
        pk=Contact.objects.filter(owner=owner)[0].pk
    ).delete()

    response = owner_client.post(reverse("match-suggestion-merge", args=[group.pk]), follow=True)

    assert response.status_code == 200
    assert "These contacts were merged already." in text(response)
    assert Contact.objects.filter(owner=owner).count() == 1


def test_a_group_kept_apart_is_asked_again_only_when_someone_new_joins_it(owner_client, owner):
    import_files(owner, [("linkedin.vcf", three_muellers())])
    group = NamesakeGroup.objects.get(owner=owner)
    owner_client.post(reverse("match-suggestion-keep-apart", args=[group.pk]))
    import_files(owner, [("linkedin.vcf", three_muellers())])  # the same file again
    assert "3 contacts named" not in text(owner_client.get(reverse("match-suggestions")))

    import_files(owner, [("xing.vcf", card("Thomas Müller", "Dresdner Bank").encode())])

    page = text(owner_client.get(reverse("match-suggestions")))
    assert "4 contacts named Thomas Müller" in page


def test_the_outsider_cannot_merge_or_see_a_group(client, owner, outsider):
    import_files(owner, [("linkedin.vcf", three_muellers())])
    group = NamesakeGroup.objects.get(owner=owner)
    client.force_login(outsider)

    assert client.post(reverse("match-suggestion-merge", args=[group.pk])).status_code == 404
    assert "Thomas Müller" not in text(client.get(reverse("match-suggestions")))
    assert Contact.objects.filter(owner=owner).count() == 3


def test_importing_namesakes_costs_the_same_queries_for_a_few_or_many(owner, outsider):
    """Groups are made with set-based queries: no query per pair or per person."""
    with CaptureQueriesContext(connection) as few:
        import_files(owner, [("few.vcf", cards(40, names=10))])
    with CaptureQueriesContext(connection) as many:
        import_files(outsider, [("many.vcf", cards(400, names=10))])

    assert NamesakeGroup.objects.get(owner=outsider, name="Thomas Müller0").members.count() == 40

    def about_namesakes(queries) -> int:
        return sum("namesake" in q["sql"] for q in queries.captured_queries)

    # 10 groups of 40 people (7,800 pairs) against 10 groups of 4: the same few statements.
    assert about_namesakes(many) <= about_namesakes(few) + 2 <= 8  # inserts come in batches
    assert len(many) < 40


def test_the_page_stays_short_with_thousands_of_namesakes(owner_client, owner):
    import_files(owner, [("big.vcf", cards(3000, names=60))])  # 60 groups of 50

    page = text(owner_client.get(reverse("match-suggestions")))

    assert page.count("50 contacts named Thomas Müller") == 20  # one page of groups
    assert page.count("and 40 more with this name") == 20
    assert "Page 1 of 3" in page


def test_a_renamed_contact_is_not_asked_about_twice(owner):
    anna = ContactFactory(owner=owner, given_name="Anna", family_name="Weber")
    import_files(owner, [("a.vcf", card("Anna Weber", "Elbtal").encode())])
    import_files(owner, [("b.vcf", card("Anna Weber", "Weser").encode())])

    group = NamesakeGroup.objects.get(owner=owner)
    assert anna.pk in set(group.members.values_list("contact_id", flat=True))
    assert group.members.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_pairs_into_one_group_per_name():
    executor = MigrationExecutor(connection)
    before = [("network", "0005_relocate_with_village_index")]
    after = [("network", "0007_namesake_groups")]
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        user = apps.get_model("auth", "User").objects.create(username="old", password="!")
        contact = apps.get_model("network", "Contact")
        a, b, c, d, e = (
            contact.objects.create(owner=user, full_name=name, name_key=key)
            for name, key in [
                ("Thomas Müller", "thomas muller"),
                ("Thomas Mueller", "thomas muller"),
                ("Thomas Müller", "thomas muller"),
                ("Anna Weber", "anna weber"),
                ("Anna Weber", "anna weber"),
            ]
        )
        pair = apps.get_model("network", "MatchSuggestion").objects
        pair.create(owner=user, contact=a, other=b, reason="same name", status="apart")
        pair.create(owner=user, contact=a, other=c, reason="same name", status="open")
        pair.create(owner=user, contact=b, other=c, reason="same name", status="open")
        pair.create(owner=user, contact=d, other=e, reason="same name", status="apart")

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        groups = apps.get_model("network", "NamesakeGroup").objects.filter(owner_id=user.pk)

        found = {
            g.name_key: (g.status, sorted(m.contact_id for m in g.members.all())) for g in groups
        }
        assert found == {
            "thomas muller": ("open", sorted([a.pk, b.pk, c.pk])),
            "anna weber": ("apart", sorted([d.pk, e.pk])),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
