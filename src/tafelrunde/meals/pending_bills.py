"""A bill photo kept while the meal form is shown again with errors.

Browsers cannot fill a file input again, so a checked photo posted with a form that has
other mistakes is kept on the server: a private file under MEDIA_ROOT/pending-bills/<owner
id>/ with a random name, named to the page by a signed token (the owner's id, the file and
the name the photo had on the phone) that holds for a day. Saving the form takes the photo
from there; files older than a day are removed whenever a new one is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

from tafelrunde.meals import photos
from tafelrunde.owned import Owner

FOLDER = "pending-bills"
MAX_AGE = dt.timedelta(days=1)
SALT = "tafelrunde.meals.pending_bill"
NAME_LENGTH = 100  # of the photo's name as shown beside the form's bill field
FILE_NAME = re.compile(r"[A-Za-z0-9_-]{24}(\.jpg|\.png|\.heic|\.pdf)")
# The names the meal form posts: the token, and the box ticked to remove the kept photo.
TOKEN_FIELD, REMOVE_FIELD = "kept_bill", "forget_kept_bill"


class PendingBillGone(ValueError):
    """The token names no photo kept for this owner: forged, another account's, too old, or
    its photo was used or removed already."""


@dataclass(frozen=True)
class PendingBill:
    """A photo kept for its owner: `name` is how it was called when it was chosen."""

    owner_id: int
    file: str
    name: str

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.owner_id}/{self.file}"

    @property
    def token(self) -> str:
        return signing.dumps({"o": self.owner_id, "f": self.file, "n": self.name}, salt=SALT)

    def as_upload(self) -> UploadedFile:
        """The kept photo as a new upload of it (named as photos.check_bill names it)."""
        with photos.bill_storage().open(self.path, "rb") as handle:
            content = handle.read(photos.MAX_BYTES + 1)
        extension = self.file[self.file.rindex(".") :]
        content_type = photos.CONTENT_TYPES[extension]
        return SimpleUploadedFile("bill" + extension, content, content_type=content_type)

    def discard(self) -> None:
        photos.bill_storage().delete(self.path)


def keep(owner: Owner, upload: UploadedFile, name: str) -> PendingBill:
    """Keep a checked upload (photos.check_bill) for its owner; older kept photos go."""
    storage = photos.bill_storage()
    remove_old(timezone.now() - MAX_AGE)
    extension = upload.name[upload.name.rindex(".") :] if upload.name else ""
    if extension not in photos.CONTENT_TYPES:
        raise ValueError("Keep only a checked upload.")
    pending = PendingBill(owner.pk, secrets.token_urlsafe(18) + extension, name[-NAME_LENGTH:])
    upload.seek(0)
    storage.save(pending.path, upload)
    upload.seek(0)
    return pending


def find(owner: Owner, token: str) -> PendingBill:
    """The photo kept for the owner under the token; PendingBillGone if there is none."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also when it is too old
        raise PendingBillGone(token) from None
    if not (isinstance(data, dict) and data.get("o") == owner.pk):
        raise PendingBillGone(token)
    file, name = data.get("f"), data.get("n")
    if not (isinstance(file, str) and FILE_NAME.fullmatch(file) and isinstance(name, str)):
        raise PendingBillGone(token)
    pending = PendingBill(owner.pk, file, name)
    if not photos.bill_storage().exists(pending.path):
        raise PendingBillGone(token)
    return pending


def from_post(owner: Owner, data) -> PendingBill | None:
    """The photo kept under the posted token, None without one or when "remove" was ticked
    (then it goes); PendingBillGone when the token names none."""
    token = data.get(TOKEN_FIELD)
    if not token or not isinstance(token, str):
        return None
    kept = find(owner, token)
    if data.get(REMOVE_FIELD):
        kept.discard()
        return None
    return kept


def remove_old(before: dt.datetime) -> int:
    """Remove the kept photos of every owner made before that moment; how many went."""
    storage = photos.bill_storage()
    if not storage.exists(FOLDER):
        return 0
    removed = 0
    owners, _files = storage.listdir(FOLDER)
    for owner_folder in owners:
        folder = f"{FOLDER}/{owner_folder}"
        for file in storage.listdir(folder)[1]:
            path = f"{folder}/{file}"
            try:
                if storage.get_modified_time(path) < before:
                    storage.delete(path)
                    removed += 1
            except FileNotFoundError:  # removed a moment ago by another request
                continue
    return removed
