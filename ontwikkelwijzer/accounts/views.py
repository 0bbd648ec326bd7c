import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelwijzer.accounts import oidc, services
from ontwikkelwijzer.accounts.forms import DeleteAccountForm, ProfileForm, SignupForm
from ontwikkelwijzer.core.http import attachment


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else default


class LoginView(auth_views.LoginView):
    """E-mail and password, and single sign-on beside it when it is switched on (``accounts.oidc``)."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if oidc.enabled():
            context["sso_provider"] = settings.OIDC_PROVIDER_NAME
            context["sso_failed"] = self.request.GET.get("sso") == "mislukt"
        return context


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect(_next_url(request, "accounts:profile"))
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request, "")})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def data_export(request):
    data = services.user_data_export(user=request.user)
    content = json.dumps(data, ensure_ascii=False, indent=2)
    return attachment(content, "application/json; charset=utf-8", "ontwikkelwijzer-mijn-gegevens.json")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and all your data have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")
