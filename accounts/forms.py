from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from access.models import EthicalWall
from access.roles import ALL_ROLES, Role
from accounts.models import ApiToken, User, time_zone_names
from accounts.webhooks import EVENTS as WEBHOOK_EVENTS
from casemgr.models import FirmSettings
from casemgr.params import QueryForm
from cases.forms import ContactPicker, ContactPickerMixin, picker_contacts
from cases.models import Matter
from clients.models import Contact

ROLE_CHOICES = [(role.value, role.value) for role in ALL_ROLES]


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an active account.",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise ValidationError("Enter the digits the app shows.")
        return token


class SignInCodeForm(forms.Form):
    """The code after the password: the app's six digits, or a backup code."""

    token = forms.CharField(
        label="Six-digit code or backup code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split()).replace("-", "").lower()
        if token.isdigit() and len(token) == 6:
            return token
        if len(token) == 8 and token.isalnum():
            return token  # a backup code (django-otp static token)
        raise ValidationError("Enter the six digits the app shows, or one of your backup codes.")


class UserSettingsForm(forms.Form):
    """The signed-in user's own settings."""

    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Times on every page and in your e-mails are shown in this zone. Court "
        "deadlines keep the court's zone, with yours beside it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            ("", f"The firm's zone ({settings.FIRM_TIME_ZONE})"),
            *[(name, name.replace("_", " ")) for name in time_zone_names()],
        ]


# --- Firm admin ----------------------------------------------------------------------


class UserSearchForm(QueryForm):
    q = forms.CharField(label="Search", required=False)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *ROLE_CHOICES]
    )
    active = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and deactivated"), ("yes", "Active"), ("no", "Deactivated")],
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email")
    full_name = forms.CharField(label="Full name", max_length=200)
    # No role is preselected: one missed click must not make anybody an admin.
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *ROLE_CHOICES],
        error_messages={"required": "Choose the role they will have."},
    )
    confirm_admin = forms.BooleanField(
        label="Yes, make them a firm admin",
        required=False,
        help_text="Firm admins see every matter no wall keeps from them and manage users, "
        "access and walls. Tick this only when inviting a firm admin.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.FIRM_ADMIN.value and not data.get("confirm_admin"):
            self.add_error(
                "confirm_admin",
                "Inviting a firm admin needs your confirmation: tick the box, or choose "
                "another role.",
            )
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=ROLE_CHOICES)


class FirmSettingsForm(forms.ModelForm):
    class Meta:
        model = FirmSettings
        fields = ["name", "matter_number_pattern", "require_two_factor"]
        labels = {
            "name": "Firm name",
            "require_two_factor": "Require two-factor sign-in for everyone",
        }

    def clean_matter_number_pattern(self) -> str:
        from cases.services import validate_number_pattern

        pattern = self.cleaned_data["matter_number_pattern"].strip()
        try:
            validate_number_pattern(pattern)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["matter_number_pattern"]) from None
        return pattern


class GrantUserForm(forms.Form):
    user = forms.ModelChoiceField(label="User", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name")


class GrantGroupForm(forms.Form):
    group = forms.ModelChoiceField(label="Group", queryset=Group.objects.order_by("name"))


class MatterLookupForm(forms.Form):
    number = forms.CharField(label="Matter number", max_length=50)


class WallForm(ContactPickerMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=EthicalWall.Kind.choices)
    matter_number = forms.CharField(
        label="Matter number",
        required=False,
        help_text="Either a matter, or a client (every matter of the client).",
    )
    client = forms.ModelChoiceField(
        label="Client",
        required=False,
        queryset=Contact.objects.none(),
        widget=ContactPicker(
            scope="clients", noun="clients", empty_label="No client (a matter by number instead)"
        ),
        help_text="Search by name, then choose: only clients of a matter are offered.",
        error_messages={
            "invalid_choice": "That is not the client of any matter; search again and choose "
            "one of the matches."
        },
    )
    users = forms.ModelMultipleChoiceField(
        label="Screened people",
        required=False,
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    groups = forms.ModelMultipleChoiceField(
        label="Screened groups",
        required=False,
        queryset=Group.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    reason = forms.CharField(label="Reason (for the file)", widget=forms.Textarea)
    notice = forms.CharField(
        label="Notice",
        widget=forms.Textarea,
        help_text="What the screened people read and acknowledge. It is all they are told.",
    )
    effective_from = forms.DateField(
        label="Effective from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_until = forms.DateField(
        label="Effective until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        # A picker, never a <select>: a large firm has tens of thousands of
        # clients. Through the one door, so a client walled from this admin
        # is neither offered nor accepted.
        self.fields["client"].queryset = picker_contacts("clients", user=actor)
        self.fields["users"].queryset = User.objects.filter(is_active=True).order_by("full_name")
        self.fields["groups"].queryset = Group.objects.order_by("name")
        self.prepare_pickers()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = (data.get("matter_number") or "").strip()
        client = data.get("client")
        searched = (self.data.get("client_q") or "").strip()
        if not number and not client and searched and "client" not in self.errors:
            # A search typed but no match chosen is not silently dropped.
            self.add_error("client", f"Choose one of the matches for “{searched}”.")
        data["matter"] = None
        if number:
            # Through the one door: a matter walled from this admin is as missing.
            matter = Matter.objects.visible_to(self.actor).filter(number__iexact=number).first()
            if matter is None:
                self.add_error("matter_number", "No matter has that number.")
            data["matter"] = matter
        # Matter or client (not both), and a team-only wall on a matter: the
        # service's rules (cases.services.wall_create), for the page and the API.
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "matter": data["matter"],
            "client": data["client"],
            "users": list(data["users"]),
            "groups": list(data["groups"]),
            "reason": data["reason"],
            "notice": data["notice"],
            "effective_from": data["effective_from"],
            "effective_until": data["effective_until"],
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=50, help_text="What will use it, e.g. “Accounting sync”.")
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="Access",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for a token that lasts until revoked.",
    )


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(max_length=500, label="URL", assume_scheme="https")
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in WEBHOOK_EVENTS], widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(required=False, initial=True)
    allow_private = forms.BooleanField(
        required=False,
        label="Allow a private address",
        help_text="Only for a receiver inside the firm's network (private, loopback or "
        "link-local addresses are refused otherwise).",
    )
