"""Forms of the sign-in pages: activating an account, and the reset form that also finds a
person's email on their record."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import StyledFormMixin

# The longest identifier an account signs in with: an email address (the username has 150).
LONGEST_IDENTIFIER = 254


class LoginForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, refusing an identifier longer than any account's as it refuses
    a wrong password, before trying it: django-axes records a failed attempt's username in
    a 255-character column, which PostgreSQL refused for a longer one (a server error)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and len(username) > LONGEST_IDENTIFIER:
            raise self.get_invalid_login_error()
        return super().clean()


class ActivationForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    """Django's reset, finding the account by its own email or its person's."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            Q(person__email__iexact=email) | Q(person__isnull=True, email__iexact=email),
            is_active=True,
        )
        for user in users.select_related("person"):
            if not user.has_usable_password():
                continue  # not activated yet: the activation slip or email is the way in
            person = getattr(user, "person", None)
            if person is not None and user.email != person.email:
                # The person's record holds the address; the account's copy follows it, and
                # the reset token (which covers the account's email) is made from the copy.
                user.email = person.email
                user.save(update_fields=["email"])
            yield user


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):
    pass
