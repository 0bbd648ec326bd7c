from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ontwikkelwijzer.accounts import oidc, throttle, verification
from ontwikkelwijzer.accounts.forms import (
    UNCONFIRMED_SESSION_KEY,
    ConfirmEmailForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignupForm,
)
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.session import has_pending_scan, landing_after_login


def _safe(request, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _next_url(request, default: str) -> str:
    return _safe(request, request.POST.get("next") or request.GET.get("next") or "") or default


class LoginView(auth_views.LoginView):
    """E-mail and password, and single sign-on beside it when it is switched on (``accounts.oidc``)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["unconfirmed"] = form.is_bound and form.has_error(NON_FIELD_ERRORS, "unconfirmed")
        if oidc.enabled():
            context["sso_provider"] = settings.OIDC_PROVIDER_NAME
            context["sso_failed"] = self.request.GET.get("sso") == "mislukt"
            context["sso_link"] = self.request.GET.get("sso") == "koppelen"
        return context

    def get_success_url(self):
        # What the login saved may name where to land (a visitor's scan: its result), before any ``next``.
        return _safe(self.request, landing_after_login(self.request.session)) or super().get_success_url()


def _remember_signup(request, user: User | None, next_url: str) -> None:
    """The same write to the session whatever the address, so not even the cookie differs."""
    request.session[verification.SIGNUP_SESSION_KEY] = {"user": user.pk if user else None, "next": next_url}


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = verification.signup_submit(
            data=form.signup_data(),
            ip_address=throttle.client_address(request),
            absolute_uri=request.build_absolute_uri,
        )
        _remember_signup(request, user, _next_url(request, ""))
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request, "")})


def signup_sent(request):
    """The "check your mail" page after a sign-up or a request for a new link, whatever happened."""
    return render(
        request,
        "accounts/message_page.html",
        {"page": "signup_sent", "has_scan": has_pending_scan(request.session)},
    )


@require_POST
def confirmation_resend(request):
    """A new link for the unconfirmed account whose password was given at the login page in this session."""
    pk = request.session.get(UNCONFIRMED_SESSION_KEY)
    user = User.objects.filter(pk=pk, email_verified_at__isnull=True).first() if pk else None
    if user is None:
        return redirect("accounts:login")
    verification.confirmation_resend(
        user=user, ip_address=throttle.client_address(request), absolute_uri=request.build_absolute_uri
    )
    _remember_signup(request, user, _next_url(request, ""))
    return redirect("accounts:signup_sent")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, uidb64: str, token: str):
    """The mailed link: a button that confirms the address and logs in (GET alone changes nothing)."""
    user = verification.user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm.html", {"valid": False}, status=404)
    pending = request.session.get(verification.SIGNUP_SESSION_KEY) or {}
    same_session = pending.get("user") == user.pk
    data = request.POST if request.method == "POST" else None  # the button alone posts no fields
    form = ConfirmEmailForm(data, request=request, user=user, ask_password=not same_session)
    if request.method == "POST" and form.is_valid():
        if not verification.email_mark_verified(user=user):  # confirmed at this moment in another request
            return render(request, "accounts/confirm.html", {"valid": False}, status=404)
        request.session.pop(verification.SIGNUP_SESSION_KEY, None)
        request.session.pop(UNCONFIRMED_SESSION_KEY, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
        next_url = _safe(request, pending.get("next") or "") if same_session else ""
        # A visitor's scan saved at this login: its result (``accounts.session``), before any ``next``.
        landing = _safe(request, landing_after_login(request.session))
        return redirect(landing or next_url or settings.LOGIN_REDIRECT_URL)
    context = {
        "valid": True,
        "form": form,
        "email": user.email,
        "same_session": same_session,
        "has_scan": has_pending_scan(request.session),
    }
    return render(request, "accounts/confirm.html", context)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password through the mailed link; it proves the address, and links a pending sign-on."""

    form_class = ResetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        oidc.link_pending(request=self.request, user=form.user)
        return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")
