"""People who share a folded name: one suggestion group per name, never one per pair.

"You may already know…" asks once about all contacts named Thomas Müller, however many
there are. Groups are made with set-based queries (a few per import, not one per pair), and
the owner merges a group into one contact or keeps its members apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from tafelrunde.network.models import Contact, NamesakeGroup, NamesakeMember
from tafelrunde.owned import Owner

CHUNK = 500


def is_suggestible(name_key: str) -> bool:
    """One word ("Thomas") is too little to suggest that two entries are one person."""
    return " " in name_key


def group_namesakes(owner: Owner, name_keys: Iterable[str], new_ids: Iterable[int] = ()) -> int:
    """Put every contact of the owner that shares one of these name keys with another into
    that name's group (made when missing; reopened when a kept-apart group gains someone).

    Returns how many of `new_ids` (contacts just created) may be someone already there.
    """
    keys = sorted({key for key in name_keys if key and is_suggestible(key)})
    new_ids = set(new_ids)
    joined = 0
    for start in range(0, len(keys), CHUNK):
        joined += _group_chunk(owner, keys[start : start + CHUNK], new_ids)
    return joined


def _group_chunk(owner: Owner, keys: list[str], new_ids: set[int]) -> int:
    # No ORDER BY in SQL: SQLite would walk all the owner's contacts instead of the index.
    rows = Contact.objects.filter(owner=owner, name_key__in=keys).order_by()
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for contact_id, name_key, full_name in sorted(rows.values_list("id", "name_key", "full_name")):
        by_key[name_key].append((contact_id, full_name))
    by_key = {key: people for key, people in by_key.items() if len(people) > 1}
    if not by_key:
        return 0
    NamesakeGroup.objects.bulk_create(
        [
            NamesakeGroup(owner=owner, name_key=key, name=people[0][1][:250])
            for key, people in by_key.items()
        ],
        ignore_conflicts=True,  # the name's group exists already
    )
    groups = NamesakeGroup.objects.filter(owner=owner, name_key__in=list(by_key))
    group_ids = dict(groups.order_by().values_list("name_key", "id"))
    members_now = NamesakeMember.objects.filter(owner=owner, group_id__in=group_ids.values())
    already = set(members_now.order_by().values_list("contact_id", flat=True))
    members = [
        NamesakeMember(owner=owner, group_id=group_ids[key], contact_id=contact_id)
        for key, people in by_key.items()
        for contact_id, _name in people
        if contact_id not in already
    ]
    # A contact renamed into this name may still sit in its old name's group: it stays there.
    NamesakeMember.objects.bulk_create(members, batch_size=CHUNK, ignore_conflicts=True)
    gained = {m.group_id for m in members}
    NamesakeGroup.objects.filter(id__in=gained, status=NamesakeGroup.Status.KEPT_APART).update(
        status=NamesakeGroup.Status.OPEN
    )
    # "You may already know N of these people under another entry": in a name's group,
    # every new contact but one when nobody else was there before.
    return sum(
        min(sum(1 for cid, _name in people if cid in new_ids), len(people) - 1)
        for people in by_key.values()
    )


def open_groups(owner: Owner):
    """The owner's open groups of two or more, newest first, with their member count."""
    return (
        NamesakeGroup.objects.owned_by(owner)
        .filter(status=NamesakeGroup.Status.OPEN)
        .annotate(size=Count("members"))
        .filter(size__gt=1)
        .order_by("-created_at", "-id")
    )


def members_of(group: NamesakeGroup, related: Iterable[str] = ()) -> list[Contact]:
    """The group's contacts, the one a merge keeps first (see merge.choose_keeper)."""
    ids = group.members.values_list("contact_id", flat=True)
    contacts = Contact.objects.filter(owner_id=group.owner_id, id__in=ids)
    contacts = contacts.select_related("place").prefetch_related(*related)
    return sorted(contacts, key=keeper_order)


def members_by_group(groups: list[NamesakeGroup], related: Iterable[str] = ()) -> dict:
    """Group id → its contacts in keeper order, for a page of groups in a fixed number of
    queries (not a few per group)."""
    members = NamesakeMember.objects.filter(group__in=groups).select_related("contact__place")
    members = members.prefetch_related(*(f"contact__{name}" for name in related))
    by_group: dict[int, list[Contact]] = defaultdict(list)
    for member in members:
        by_group[member.group_id].append(member.contact)
    return {gid: sorted(contacts, key=keeper_order) for gid, contacts in by_group.items()}


def move_membership(keep: Contact, other: Contact) -> None:
    """`other` is merged into `keep`: `keep` takes its place in its group unless it has one;
    a group left with fewer than two contacts is no question any more and goes."""
    mine = NamesakeMember.objects.filter(owner_id=keep.owner_id, contact=keep)
    theirs = NamesakeMember.objects.filter(owner_id=keep.owner_id, contact=other)
    mine_groups = set(mine.values_list("group_id", flat=True))
    their_groups = set(theirs.values_list("group_id", flat=True))
    if mine_groups:
        theirs.delete()
    else:
        theirs.update(contact=keep)
    drop_lonely_groups(keep.owner_id, mine_groups | their_groups)


def drop_lonely_groups(owner_id: int, group_ids: Iterable[int], leaving: int | None = None):
    """Delete the groups among `group_ids` that have fewer than two contacts (not counting
    `leaving`, a contact about to be deleted)."""
    group_ids = list(group_ids)
    members = NamesakeMember.objects.filter(owner_id=owner_id, group_id__in=group_ids)
    if leaving is not None:
        members = members.exclude(contact_id=leaving)
    sizes = dict(members.values("group_id").annotate(n=Count("id")).values_list("group_id", "n"))
    lonely = [gid for gid in group_ids if sizes.get(gid, 0) < 2]
    NamesakeGroup.objects.filter(owner_id=owner_id, id__in=lonely).delete()


def groups_of(contact: Contact):
    """The groups a contact is in (at most one)."""
    return NamesakeGroup.objects.filter(
        owner_id=contact.owner_id, members__contact=contact
    ).distinct()


def keeper_order(contact: Contact) -> tuple:
    """Sort key: the contact known since earliest first, else the older entry (lower id)."""
    return (contact.known_since is None, contact.known_since, contact.pk)
