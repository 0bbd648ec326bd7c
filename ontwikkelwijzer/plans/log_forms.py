"""Forms for Do (the log with evidence) and Check (a reflection per aspect) of a plan item."""

import codecs
import os
import zipfile
from datetime import date

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core import schoolyear, widgets
from ontwikkelwijzer.core.numbers import NumberField
from ontwikkelwijzer.framework.models import Aspect
from ontwikkelwijzer.plans.constants import EVIDENCE_TYPES, MAX_UPLOAD_BYTES
from ontwikkelwijzer.plans.forms import DateInput
from ontwikkelwijzer.plans.models import PlanItem, Reflection

# What the first bytes of an allowed file must be, so a renamed program is refused.
PDF_MAGIC = b"%PDF"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
MAGIC = {
    ".pdf": PDF_MAGIC,
    ".png": PNG_MAGIC,
    ".jpg": JPEG_MAGIC,
    ".jpeg": JPEG_MAGIC,
    ".docx": ZIP_MAGIC,
    ".xlsx": ZIP_MAGIC,
    ".pptx": ZIP_MAGIC,
    ".odt": ZIP_MAGIC,
}
OOXML = {".docx", ".xlsx", ".pptx"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

TYPE_NOT_ALLOWED = _(
    "This type of file is not allowed. Allowed: PDF, PNG, JPG, Word, Excel, PowerPoint, ODT, text."
)


def _megabytes(size: int) -> int:
    return max(1, size // (1024 * 1024))


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    """Whether the bytes are what the extension says, so a renamed program or archive is refused."""
    upload.seek(0)
    try:
        if extension == ".txt":
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                for chunk in upload.chunks():
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return False
            return True
        if not upload.read(len(MAGIC[extension])).startswith(MAGIC[extension]):
            return False
        if extension in OOXML or extension == ".odt":
            upload.seek(0)
            try:
                with zipfile.ZipFile(upload) as archive:
                    names = set(archive.namelist())
                    if extension in OOXML:
                        return "[Content_Types].xml" in names
                    if "mimetype" not in names:
                        return False
                    with archive.open("mimetype") as member:
                        return member.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                return False
        return True
    finally:
        upload.seek(0)


class LogEntryForm(forms.Form):
    """Do: what you did on which day, how long it took, and evidence as a link or a file."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(
        label=_("What did you do?"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    hours_spent = NumberField(
        label=_("Hours spent"), min_value=0, max_value=999, max_digits=4, decimal_places=1
    )
    evidence_url = forms.URLField(
        label=_("Link to evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[
            URLValidator(
                schemes=["http", "https"], message=_("Enter a link that starts with http:// or https://.")
            )
        ],
        help_text=_("For example a shared document, a video or a page about the course. Optional."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        max_length=200,
        help_text=_(
            "Optional. PDF, PNG, JPG, Word, Excel, PowerPoint, ODT or text, at most 10 MB. "
            "If the form shows an error, choose the file again."
        ),
    )

    def __init__(self, *args, item: PlanItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if not self.is_bound and "date" not in self.initial:
            _first, last = schoolyear.bounds(item.plan.school_year)
            self.initial["date"] = min(date.today(), last)

    def clean_date(self):
        day = self.cleaned_data["date"]
        first, last = schoolyear.bounds(self.item.plan.school_year)
        if not first <= day <= last:
            raise forms.ValidationError(
                _("Choose a date within the school year %(year)s."),
                code="outside_school_year",
                params={"year": self.item.plan.school_year},
            )
        if day > date.today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return day

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        # A file refused while it came in (core.middleware.UploadLimitHandler) is not there at all.
        if upload.size > MAX_UPLOAD_BYTES or getattr(upload, "refused", False):
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."),
                code="too_large",
                params={"size": _megabytes(MAX_UPLOAD_BYTES)},
            )
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in EVIDENCE_TYPES:
            raise forms.ValidationError(TYPE_NOT_ALLOWED, code="type")
        if not _content_matches(upload, extension):
            if extension == ".txt":
                raise forms.ValidationError(
                    _("This text file is not in UTF-8. Save it as UTF-8 text or as PDF, and try again."),
                    code="encoding",
                )
            raise forms.ValidationError(
                _("The content of this file does not match %(extension)s. Choose the original file."),
                code="content",
                params={"extension": extension},
            )
        return upload

    def full_clean(self):
        super().full_clean()
        # A form that comes back never holds the chosen file (a browser cannot put it back), so whenever one
        # was sent, say next to the field, and in the summary, that it must be chosen again.
        upload = self.files.get(self.add_prefix("evidence_file")) if self.is_bound else None
        if upload and self._errors:
            self.add_error(
                "evidence_file",
                forms.ValidationError(
                    _(
                        "“%(name)s” was not saved. Choose the file again (or another one) before you save: "
                        "a browser cannot keep a chosen file when the form comes back."
                    ),
                    code="choose_again",
                    params={"name": upload.name},
                ),
            )

    def entry_data(self) -> dict:
        """Keyword arguments for services.log_entry_create."""
        data = self.cleaned_data
        return {
            "day": data["date"],
            "description": data["description"],
            "hours_spent": data["hours_spent"],
            "evidence_url": data["evidence_url"],
            "evidence_file": data["evidence_file"],
        }


RATING_CHOICES = [
    (1, _("1 – nothing")),
    (2, _("2 – little")),
    (3, _("3 – something")),
    (4, _("4 – quite a lot")),
    (5, _("5 – a lot")),
]


class RatingSelect(widgets.RadioSelect):
    """Radio buttons whose error summary link points at the first button (Django gives no id)."""

    def id_for_label(self, id_, index=None):
        if index is None:
            return f"{id_}_0" if id_ else ""
        return super().id_for_label(id_, index)


class ReflectionForm(forms.Form):
    """Check: what the item yielded for one aspect. Prefixed per aspect, so that all the aspects of an item
    are one form (``ReflectionsForm``). An aspect left empty (no rating, no text) is not saved; one filled
    in halfway is an error next to the missing half."""

    rating = forms.TypedChoiceField(
        label=_("What did it yield for this aspect?"),
        choices=[("", _("not yet")), *RATING_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=RatingSelect,
    )
    text = forms.CharField(
        label=_("In your own words"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, aspect: Aspect, reflection: Reflection | None = None, **kwargs):
        kwargs.setdefault("prefix", f"r-{aspect.code}")
        if reflection is not None:
            kwargs.setdefault("initial", {"rating": reflection.rating, "text": reflection.text})
        super().__init__(*args, **kwargs)
        self.aspect = aspect
        self.reflection = reflection

    def clean(self):
        data = super().clean()
        if self.errors:
            return data  # a rating off the scale, a text too long: said next to the field already
        rating, text = data.get("rating"), data.get("text", "")
        if rating is None and text:
            self.add_error(
                "rating",
                forms.ValidationError(
                    _("Choose what it yielded, or empty the text to leave this aspect for later."),
                    code="rating_missing",
                ),
            )
        elif rating is not None and not text:
            self.add_error(
                "text",
                forms.ValidationError(
                    _("Write in your own words what it yielded, or choose “not yet” for the rating."),
                    code="text_missing",
                ),
            )
        return data

    @property
    def is_empty(self) -> bool:
        """Valid and left empty: nothing to save for this aspect (a saved reflection stays as it is)."""
        return self.cleaned_data.get("rating") is None and not self.cleaned_data.get("text")

    @property
    def has_changes(self) -> bool:
        """Valid, filled in, and different from what is saved."""
        if self.is_empty:
            return False
        saved = self.reflection
        return saved is None or (saved.rating, saved.text) != (
            self.cleaned_data["rating"],
            self.cleaned_data["text"],
        )

    @property
    def saved_rating_label(self) -> str:
        if self.reflection is None:
            return ""
        return str(dict(RATING_CHOICES).get(self.reflection.rating, self.reflection.rating))


class ReflectionsForm:
    """Check: the reflections on all aspects of an item as one form with one save button, so nothing typed
    for one aspect is dropped by saving another. Each aspect is a prefixed ``ReflectionForm``; the form is
    valid when each aspect is either empty or whole. Fields posted for an aspect the item does not have are
    ignored."""

    def __init__(self, data=None, *, item: PlanItem):
        self.item = item
        saved = {reflection.aspect_id: reflection for reflection in item.reflections.all()}
        self.forms = [
            ReflectionForm(data, aspect=aspect, reflection=saved.get(aspect.pk))
            for aspect in item.aspects.order_by("number")
        ]

    def __iter__(self):
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms])  # a list: every aspect checked, not the first

    @property
    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms)

    def changed(self) -> list[ReflectionForm]:
        """The aspects whose reflection is new or different (after ``is_valid``)."""
        return [form for form in self.forms if form.has_changes]

    def changes(self) -> list[tuple[Aspect, int, str]]:
        """(aspect, rating, text) of each new or changed reflection (after ``is_valid``)."""
        return [(f.aspect, f.cleaned_data["rating"], f.cleaned_data["text"]) for f in self.changed()]
