"""Forms of the work field: a partner and its contacts (by the school), an offer (by the partner), a
request (by a teacher) and its answer (by the partner)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import widgets
from ontwikkelwijzer.plans.forms import DateInput
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.workfield.models import Contact, Offer, Partner
from ontwikkelwijzer.workfield.services import ContactData, OfferData


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "sector", "city", "website"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Partner.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Your school already has a partner with this name."))
        return name


class ContactDetailsForm(forms.Form):
    """A contact's details; with ``contact``, changing them (by HR)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, partner: Partner, contact: Contact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.contact = contact
        if contact is not None and not self.is_bound:
            self.initial.update({name: getattr(contact, name) for name in ContactData.__annotations__})

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = self.partner.contacts.filter(email__iexact=email)
        if self.contact is None:  # adding: a deactivated contact with the address comes back (contact_add)
            others = others.filter(deactivated_at__isnull=True)
        else:
            others = others.exclude(pk=self.contact.pk)
        if others.exists():
            raise forms.ValidationError(_("This partner already has a contact with this e-mail address."))
        contact = self.contact
        if (
            contact is not None
            and email.lower() != contact.email.lower()
            and (contact.user_id is not None or contact.invitation_id is not None)
        ):
            raise forms.ValidationError(
                _(
                    "This contact has an account or an invitation at this address, so it cannot be changed "
                    "here. Deactivate the contact and add the new address as a contact."
                )
            )
        return email

    def data_object(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            name=data["name"].strip(),
            email=data["email"],
            phone=data["phone"].strip(),
            position=data["position"].strip(),
        )


class ContactForm(ContactDetailsForm):
    """A new contact of the partner, with an account or not."""

    account = forms.BooleanField(
        label=_("Give this contact an account"),
        required=False,
        help_text=_(
            "They can then sign in for the partner: post offers and answer teachers' requests. They never "
            "see teachers' plans, reflections or scans."
        ),
    )

    def __init__(self, *args, partner: Partner, inviter: User | None = None, **kwargs):
        super().__init__(*args, partner=partner, **kwargs)
        self.inviter = inviter  # who gives the account: not to their own mailbox

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if cleaned.get("account") and email:
            problem = invitations.address_problem(
                organisation=self.partner.organisation, role=Role.PARTNER, email=email, inviter=self.inviter
            )
            if problem:
                self.add_error("email", problem)
        return cleaned


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of opportunity"), choices=Offer.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example: Two weeks in our care team.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the teacher does and learns, where, and what you expect."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("Until"), widget=DateInput())
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=1)

    def __init__(self, *args, offer: Offer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        if offer is not None and not self.is_bound:
            self.initial.update({name: getattr(offer, name) for name in self.fields})

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        if end and end < date.today() and (self.offer is None or end != self.offer.end_date):
            self.add_error("end_date", _("The end date has already passed."))
        return data

    def data_object(self) -> OfferData:
        data = self.cleaned_data
        return OfferData(
            kind=data["kind"],
            title=data["title"].strip(),
            description=data["description"].strip(),
            start_date=data["start_date"],
            end_date=data["end_date"],
            places=data["places"],
        )


class OfferRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the partner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who you are, what you teach and what you hope to learn. The partner sees your name too."
        ),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=widgets.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Message to the teacher"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example when and where to come, or why not this time."),
    )
