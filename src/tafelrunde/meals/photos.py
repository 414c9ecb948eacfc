"""The photo of a restaurant's bill: what is accepted, where it is kept, how it is served.

Bills are private: they live under MEDIA_ROOT/bills/<owner id>/ with a random name, which no
URL maps to (there is no MEDIA_URL, and WhiteNoise only serves static files). The one way
out is the meal's bill view, which checks the owner first.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
# Content type -> the extension a stored bill gets. The type is read from the file's first
# bytes, never from its name or the browser's word for it.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def bill_storage() -> FileSystemStorage:
    """MEDIA_ROOT, readable by the server's own account only."""
    return FileSystemStorage(file_permissions_mode=0o600, directory_permissions_mode=0o700)


def bill_upload_to(meal, filename: str) -> str:
    """bills/<owner id>/<random><extension>: nothing of the original name is kept."""
    extension = PurePath(filename).suffix.lower()
    if extension not in CONTENT_TYPES:
        extension = ""
    return f"bills/{meal.owner_id}/{secrets.token_urlsafe(18)}{extension}"


def receipt_upload_to(version, filename: str) -> str:
    """receipts/<owner id>/<random>.pdf: a sealed receipt, as private as the bills."""
    return f"receipts/{version.owner_id}/{secrets.token_urlsafe(18)}.pdf"


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, if it is one a bill may have."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    return None


def check_bill(upload: UploadedFile) -> UploadedFile:
    """The upload, renamed to its true extension; ValidationError when too big or not a bill."""
    size = upload.size
    if size is None:  # every upload handler sets it
        raise TypeError("The upload has no size.")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a bill may be at most %(limit)s."),
            code="too_big",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ValidationError(
            _("Please upload a photo (JPEG, PNG, HEIC) or a PDF of the bill."), code="type"
        )
    upload.name = "bill" + EXTENSIONS[content_type]
    return upload


def content_type_of(name: str) -> str:
    """The content type a stored bill is served with (its extension was set from its bytes)."""
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
