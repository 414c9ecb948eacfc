"""The import page's form: one or more files, their format, and a dry run."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tafelrunde.core.importers.detect import FORMATS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # all files of one upload together
MAX_FILES = 20
FORMAT_LABELS = {
    "auto": gettext_lazy("Recognise from the content"),
    "vcard": gettext_lazy("vCard (.vcf): phone, Apple, Google, Outlook"),
    "google-csv": gettext_lazy("Google Contacts CSV"),
    "outlook-csv": gettext_lazy("Outlook CSV"),
    "thunderbird-csv": gettext_lazy("Thunderbird address book CSV"),
    "linkedin-csv": gettext_lazy("LinkedIn connections CSV"),
    "ics": gettext_lazy("Calendar (.ics): trips"),
    "json": gettext_lazy("Tafelrunde export (.json)"),
}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    # The metaclass moves declared fields into base_fields: form.files stays the uploads.
    files = MultipleFileField(label=gettext_lazy("Files"))  # type: ignore[assignment]
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(code, FORMAT_LABELS.get(code, code)) for code in FORMATS],
        initial="auto",
        required=False,
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: only show what would happen"),
        label_suffix="",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("One or more files, up to %(size)s together.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES)
        }

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Choose at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            raise ValidationError(too_big_message(), code="too_big")
        return files


def too_big_message() -> str:
    return _("The files are too large: at most %(size)s together.") % {
        "size": filesizeformat(MAX_UPLOAD_BYTES)
    }
