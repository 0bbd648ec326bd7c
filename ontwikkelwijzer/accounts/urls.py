from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ontwikkelwijzer.accounts import oidc, views
from ontwikkelwijzer.accounts.forms import ThrottledPasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("registreren/", views.signup, name="signup"),
    path("registreren/verstuurd/", views.signup_sent, name="signup_sent"),
    path("bevestigen/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("bevestiging-opnieuw/", views.confirmation_resend, name="confirmation_resend"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("sso/", oidc.StartView.as_view(), name="sso_start"),
    path("sso/terug/", oidc.CallbackView.as_view(), name="sso_callback"),
    path("", views.profile, name="profile"),
    path(
        "wachtwoord-wijzigen/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password_change_done"),
            extra_context={"page": "password_change"},
        ),
        name="password_change",
    ),
    path(
        "wachtwoord-gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message_page.html", extra_context={"page": "password_change_done"}
        ),
        name="password_change_done",
    ),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/form_page.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            form_class=ThrottledPasswordResetForm,
            extra_context={"page": "password_reset"},
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message_page.html", extra_context={"page": "password_reset_done"}
        ),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            extra_context={"page": "password_reset_confirm"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-hersteld/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message_page.html", extra_context={"page": "password_reset_complete"}
        ),
        name="password_reset_complete",
    ),
]
